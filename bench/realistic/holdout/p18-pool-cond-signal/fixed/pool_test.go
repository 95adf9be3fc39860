package conns

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestCloseReleasesWaiters(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := NewPool(1, func(id int) (*Conn, error) { return &Conn{ID: id}, nil })
	held, err := p.Get()
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			_, err := p.Get()
			errs <- err
		}()
	}
	time.Sleep(30 * time.Millisecond) // let the three callers queue up
	p.Close()
	if err := <-errs; err != ErrPoolClosed {
		t.Fatalf("got %v", err)
	}
	_ = held
}
