package discovery

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowFirstSource stalls the very first query, as a registry does when it
// silently drops a watch, and answers later queries like a normal registry.
type slowFirstSource struct {
	mu    sync.Mutex
	calls int
	stall time.Duration
	index uint64
	insts []Instance
}

func (s *slowFirstSource) Query(ctx context.Context, service string, index uint64) ([]Instance, uint64, error) {
	s.mu.Lock()
	s.calls++
	first := s.calls == 1
	s.mu.Unlock()

	if first {
		select {
		case <-time.After(s.stall):
			return s.insts, s.index, nil
		case <-ctx.Done():
			return nil, index, ctx.Err()
		}
	}
	if index < s.index {
		return s.insts, s.index, nil
	}
	<-ctx.Done() // nothing changes for the rest of the test
	return nil, index, ctx.Err()
}

func TestClientResubscribesAfterSilentWatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &slowFirstSource{
		stall: 30 * time.Millisecond,
		index: 7,
		insts: []Instance{
			{ID: "api-2", Addr: "10.0.0.2:80", Healthy: true},
			{ID: "api-1", Addr: "10.0.0.1:80", Healthy: true},
			{ID: "api-3", Addr: "10.0.0.3:80", Healthy: false},
		},
	}
	c := NewClient(src, WithIdleTimeout(10*time.Millisecond), WithBackoff(time.Millisecond))
	c.Watch("api")

	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		got, err := c.Instances("api")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 2 {
			if got[0].ID != "api-1" {
				t.Fatalf("instances not sorted: %v", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("cache never filled")
		}
		time.Sleep(time.Millisecond)
	}
	c.Close()
}
