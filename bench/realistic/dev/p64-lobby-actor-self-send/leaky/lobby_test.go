package lobby

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestHostLeaves(t *testing.T) {
	defer goleak.VerifyNone(t)

	events := make(chan Event, 16)
	l := New(4, func(e Event) { events <- e })
	defer l.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, p := range []string{"ann", "bob", "cy"} {
		if err := l.Join(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Leave(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	for e := range events {
		if e.Kind == "leave" && e.Player == "ann" {
			break
		}
	}
}
