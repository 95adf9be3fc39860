package mailq

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type transportFunc func(ctx context.Context, m Message) error

func (f transportFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

func TestThrottledDomainIsRetried(t *testing.T) {
	defer goleak.VerifyNone(t)

	var mu sync.Mutex
	calls := map[string]int{}
	delivered := make(chan string, 4)
	tr := transportFunc(func(ctx context.Context, m Message) error {
		mu.Lock()
		calls[m.ID]++
		n := calls[m.ID]
		mu.Unlock()
		if n == 1 {
			return &SMTPError{Code: 421, Msg: "too many connections, slow down"}
		}
		delivered <- m.ID
		return nil
	})
	var bounces []Bounce
	q := New(tr,
		WithRate(20*time.Millisecond, 2),
		WithBounceHandler(func(b Bounce) { bounces = append(bounces, b) }),
	)

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := q.Submit(ctx, Message{ID: "m1", To: "ann@slow.example", Body: []byte("hi")}); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-delivered:
		if id != "m1" {
			t.Fatalf("delivered %q, want m1", id)
		}
	case <-ctx.Done():
		t.Fatal("message was not retried after 421")
	}
	q.Close()
	if len(bounces) != 0 {
		t.Fatalf("unexpected bounces: %v", bounces)
	}
}
