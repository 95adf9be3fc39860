package controller

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSource struct {
	objects []Object
	events  chan Event
}

func (s *fakeSource) List(ctx context.Context) ([]Object, error) { return s.objects, nil }

func (s *fakeSource) Watch(ctx context.Context) (<-chan Event, error) { return s.events, nil }

func TestControllerReconcilesAndStops(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{
		objects: []Object{
			{Namespace: "default", Name: "web"},
			{Namespace: "default", Name: "api"},
		},
		events: make(chan Event, 1),
	}
	seen := make(chan string, 16)
	c := New(src, func(ctx context.Context, key string, obj Object, exists bool) error {
		if exists {
			seen <- key
		}
		return nil
	}, WithResync(time.Hour))

	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx, 3) }()

	want := map[string]bool{"default/web": true, "default/api": true, "default/db": true}
	src.events <- Event{Type: Added, Object: Object{Namespace: "default", Name: "db"}}
	timeout := time.After(500 * time.Millisecond)
	for len(want) > 0 {
		select {
		case key := <-seen:
			delete(want, key)
		case <-timeout:
			t.Fatalf("keys never reconciled: %v", want)
		}
	}

	time.Sleep(10 * time.Millisecond) // let the last reconcile return
	cancel()
	if err := <-runErr; err != nil {
		t.Fatalf("Run: %v", err)
	}
}
