package informer

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeServer hands out one prepared event stream per Watch call.
type fakeServer struct {
	mu      sync.Mutex
	objs    []Object
	rv      uint64
	streams []chan Event
}

func (f *fakeServer) List(ctx context.Context) ([]Object, uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Object(nil), f.objs...), f.rv, nil
}

func (f *fakeServer) Watch(ctx context.Context, rv uint64) (Watcher, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.streams) == 0 {
		return nil, errors.New("no more streams")
	}
	s := f.streams[0]
	f.streams = f.streams[1:]
	return NewStreamWatcher(s), nil
}

func stream(evs ...Event) chan Event {
	ch := make(chan Event, len(evs))
	for _, ev := range evs {
		ch <- ev
	}
	return ch
}

func TestReflectorRelistsOnExpiredWatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	srv := &fakeServer{
		objs: []Object{{Key: "pods/a", Value: "v1", ResourceVersion: 10}},
		rv:   10,
		streams: []chan Event{
			stream(
				Event{Type: Modified, Object: Object{Key: "pods/a", Value: "v2", ResourceVersion: 11}},
				Event{Type: Error, Err: ErrExpired},
				Event{Type: Added, Object: Object{Key: "pods/late", Value: "v1", ResourceVersion: 12}},
			),
			stream(Event{Type: Added, Object: Object{Key: "pods/b", Value: "v1", ResourceVersion: 20}}),
		},
	}
	store := NewStore()
	r := NewReflector("pods", srv, store, log.New(io.Discard, "", 0))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	for {
		if _, ok := store.Get("pods/b"); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	if o, _ := store.Get("pods/a"); o.Value != "v1" {
		t.Fatalf("pods/a after relist = %+v", o)
	}
}
