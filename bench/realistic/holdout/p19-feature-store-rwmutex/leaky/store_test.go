package features

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRejectedUpdateChangesNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := Open(func([]byte) error { return nil }, time.Millisecond)
	if err := s.Update("acme", func(f Settings) error { f["beta"] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	err := s.Update("acme", func(f Settings) error { return errors.New("unknown feature") })
	if err == nil {
		t.Fatal("want an error")
	}
	time.Sleep(5 * time.Millisecond) // a flush or two
	s.Close()
}
