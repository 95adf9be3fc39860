package follower

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config configures a Follower.
type Config struct {
	Leader Leader
	Store  Store
	// RetryDelay is how long Run waits before reconnecting.
	RetryDelay time.Duration
	Clock      Clock
	Logf       func(format string, args ...interface{})
}

// Follower replicates the leader's log into the local store.
type Follower struct {
	leader     Leader
	store      Store
	retryDelay time.Duration
	clock      Clock
	logf       func(format string, args ...interface{})

	mu     sync.Mutex
	status Status
}

// New returns a follower.
func New(cfg Config) (*Follower, error) {
	if cfg.Leader == nil || cfg.Store == nil {
		return nil, errors.New("follower: leader and store are required")
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	return &Follower{
		leader:     cfg.Leader,
		store:      cfg.Store,
		retryDelay: cfg.RetryDelay,
		clock:      cfg.Clock,
		logf:       cfg.Logf,
	}, nil
}

// Status returns the current replication status.
func (f *Follower) Status() Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

func (f *Follower) noteHeartbeat(commit uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if commit > f.status.LeaderCommit {
		f.status.LeaderCommit = commit
	}
	f.status.LastContact = f.clock.Now()
}

func (f *Follower) noteApplied(index uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status.Applied = index
	if index > f.status.LeaderCommit {
		f.status.LeaderCommit = index
	}
	f.status.LastContact = f.clock.Now()
}

// Run keeps the follower connected until ctx is done, reconnecting after
// every stream failure.
func (f *Follower) Run(ctx context.Context) error {
	for {
		err := f.Sync(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			f.logf("replication stream ended: %v", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-f.clock.After(f.retryDelay):
		}
	}
}

// Sync opens one replication stream and applies entries from it until the
// stream ends or an entry cannot be applied. It returns nil when the leader
// closes the stream cleanly.
func (f *Follower) Sync(ctx context.Context) error {
	after, err := f.store.LastApplied()
	if err != nil {
		return fmt.Errorf("read last applied index: %w", err)
	}
	f.noteApplied(after)

	stream, err := f.leader.Stream(ctx, after)
	if err != nil {
		return fmt.Errorf("open stream after %d: %w", after, err)
	}
	defer stream.Close()

	pr, pw := io.Pipe()
	defer pr.Close()
	go f.pump(stream, pw)

	dec := json.NewDecoder(pr)
	next := after + 1
	for {
		var e Entry
		if err := dec.Decode(&e); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read entry %d: %w", next, err)
		}
		switch {
		case e.Index < next:
			continue // replayed after reconnect; already applied
		case e.Index > next:
			return fmt.Errorf("%w: want index %d, got %d", ErrLogGap, next, e.Index)
		}
		if e.Op != OpPut && e.Op != OpDelete {
			return fmt.Errorf("entry %d: unknown op %q", e.Index, e.Op)
		}
		if err := f.store.Apply(e); err != nil {
			return fmt.Errorf("apply entry %d: %w", e.Index, err)
		}
		f.noteApplied(e.Index)
		next++
	}
}
