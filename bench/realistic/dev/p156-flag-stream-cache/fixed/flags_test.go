package flags

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

var errClosed = errors.New("stream closed")

// fakeStream replays its updates, then stays open and silent.
type fakeStream struct {
	ctx     context.Context
	updates chan Update
	once    sync.Once
	closed  chan struct{}
}

func newFakeStream(ctx context.Context, us ...Update) *fakeStream {
	s := &fakeStream{ctx: ctx, updates: make(chan Update, len(us)), closed: make(chan struct{})}
	for _, u := range us {
		s.updates <- u
	}
	return s
}

func (s *fakeStream) Recv() (Update, error) {
	select {
	case u := <-s.updates:
		return u, nil
	case <-s.closed:
		return Update{}, errClosed
	case <-s.ctx.Done():
		return Update{}, s.ctx.Err()
	}
}

func (s *fakeStream) Close() error {
	s.once.Do(func() { close(s.closed) })
	return nil
}

func TestCacheReconnectsAfterSilentStream(t *testing.T) {
	defer goleak.VerifyNone(t)

	var mu sync.Mutex
	var since []int64
	dial := func(ctx context.Context, rev int64) (Stream, error) {
		mu.Lock()
		defer mu.Unlock()
		since = append(since, rev)
		if len(since) == 1 {
			// The first connection delivers a snapshot, then a proxy
			// silently drops it.
			return newFakeStream(ctx, Update{Revision: 1, Flags: []Flag{{Key: "new-checkout", Enabled: true, Allow: []string{"ann"}}}}), nil
		}
		return newFakeStream(ctx, Update{Revision: 2, Flags: []Flag{{Key: "new-checkout", Enabled: true, Rollout: 100}}}), nil
	}

	c := New(dial,
		WithHeartbeat(20*time.Millisecond),
		WithBackoff(time.Millisecond),
		WithLogger(log.New(io.Discard, "", 0)))
	defer c.Close()

	deadline := time.Now().Add(500 * time.Millisecond)
	for c.Revision() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("cache stuck at revision %d", c.Revision())
		}
		time.Sleep(2 * time.Millisecond)
	}
	if !c.Enabled("new-checkout", "bob", false) {
		t.Errorf("new-checkout should be on for everyone at revision 2")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(since) < 2 || since[1] != 1 {
		t.Errorf("reconnect resumed from %v, want second dial after revision 1", since)
	}
}
