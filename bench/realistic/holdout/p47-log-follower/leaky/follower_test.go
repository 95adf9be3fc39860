package replica

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// memLeader serves a fixed, already committed log.
type memLeader struct{ log []Entry }

func (l *memLeader) Entries(ctx context.Context, from uint64, max int) ([]Entry, error) {
	if from > uint64(len(l.log)) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	end := int(from-1) + max
	if end > len(l.log) {
		end = len(l.log)
	}
	return l.log[from-1 : end], nil
}

// kvStore is a state machine whose Apply fails once for the keys in flaky.
type kvStore struct {
	mu    sync.Mutex
	data  map[string]string
	flaky map[string]bool
}

var errDiskBusy = errors.New("disk busy")

func (s *kvStore) Apply(e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flaky[e.Key] {
		delete(s.flaky, e.Key)
		return errDiskBusy
	}
	s.data[e.Key] = string(e.Value)
	return nil
}

func waitApplied(t *testing.T, f *Follower, want uint64) {
	t.Helper()
	deadline := time.Now().Add(300 * time.Millisecond)
	for f.Applied() < want {
		if time.Now().After(deadline) {
			t.Errorf("applied index stuck at %d, want %d", f.Applied(), want)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func TestFollowerRetriesFailedShard(t *testing.T) {
	defer goleak.VerifyNone(t)

	leader := &memLeader{}
	for i, k := range []string{"user:1", "user:2", "cart:42", "user:3"} {
		leader.log = append(leader.log, Entry{Index: uint64(i + 1), Term: 1, Key: k, Value: []byte(k)})
	}
	sm := &kvStore{data: map[string]string{}, flaky: map[string]bool{"cart:42": true}}
	var mu sync.Mutex
	var failures []error
	f := NewFollower(leader, sm, 0,
		WithShards(4),
		WithRetryDelay(5*time.Millisecond),
		WithErrorHandler(func(err error) {
			mu.Lock()
			failures = append(failures, err)
			mu.Unlock()
		}))
	f.Start()
	waitApplied(t, f, 4)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := f.Stop(ctx); err != nil {
		t.Error(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failures) != 1 || !errors.Is(failures[0], errDiskBusy) {
		t.Errorf("failures = %v, want one disk busy error", failures)
	}
}
