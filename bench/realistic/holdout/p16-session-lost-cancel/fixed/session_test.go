package chat

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestLeave(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := NewRoom()
	a := r.Join(context.Background(), "ada")
	b := r.Join(context.Background(), "bob")
	a.Leave()
	b.Leave()
	deadline := time.Now().Add(time.Second)
	for r.Members() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d members left", r.Members())
		}
		time.Sleep(time.Millisecond)
	}
}
