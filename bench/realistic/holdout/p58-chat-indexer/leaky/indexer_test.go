package chatindex

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type flakyStore struct {
	release chan struct{}
	err     error
}

func (s *flakyStore) Index(ctx context.Context, batch []Message) error {
	select {
	case <-s.release:
		return s.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestStoreFailureSurfacesFromClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	errUnavailable := errors.New("search cluster unavailable")
	store := &flakyStore{release: make(chan struct{}), err: errUnavailable}
	ix := New(store, WithMaxPending(2), WithBatchSize(2))

	feed := make(chan Message, 8)
	for i := 0; i < cap(feed); i++ {
		feed <- Message{ID: fmt.Sprintf("m%d", i), Channel: "#ops", Text: "deploy done"}
	}
	close(feed)
	ix.Follow(feed)

	deadline := time.Now().Add(500 * time.Millisecond)
	for ix.Stalls() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("producer never hit backpressure")
		}
		time.Sleep(time.Millisecond)
	}
	close(store.release)

	for ix.Err() == nil {
		if time.Now().After(deadline) {
			t.Fatal("store failure never surfaced")
		}
		time.Sleep(time.Millisecond)
	}
	if err := ix.Close(); !errors.Is(err, errUnavailable) {
		t.Fatalf("Close() = %v, want %v", err, errUnavailable)
	}
}
