package webhooks

import (
	"testing"

	"go.uber.org/goleak"
)

func TestDefaultsRejectWhenNotReady(t *testing.T) {
	defer goleak.VerifyNone(t)
	d := NewDispatcher(func(string, Event) error { return nil }, []string{"https://hooks.example/a"})
	if d.Enqueue(Event{Kind: "deploy"}) {
		t.Log("queued")
	}
	d.Close()
}
