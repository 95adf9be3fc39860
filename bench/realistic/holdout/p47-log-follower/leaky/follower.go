// Package replica implements the follower side of a leader/follower
// replicated log. A Follower pulls batches of committed entries from the
// leader and applies them to a local state machine, spreading the work over
// shards so that entries for different keys are applied in parallel while
// entries for the same key keep their log order.
package replica

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Entry is one record of the replicated log.
type Entry struct {
	Index uint64
	Term  uint64
	Key   string
	Value []byte
}

// Leader is the follower's view of the leader.
type Leader interface {
	// Entries returns up to max entries starting at index from. It blocks
	// until at least one entry is available or ctx is done.
	Entries(ctx context.Context, from uint64, max int) ([]Entry, error)
}

// StateMachine applies entries. Apply is called concurrently for entries
// whose keys fall in different shards.
type StateMachine interface {
	Apply(e Entry) error
}

// Follower replicates the leader's log into a StateMachine.
type Follower struct {
	leader    Leader
	sm        StateMachine
	shards    int
	batchSize int
	retry     time.Duration
	onError   func(error)

	applied   atomic.Uint64 // every entry up to here has been applied
	mu        sync.Mutex
	shardMark []uint64 // highest index applied, per shard

	cancel context.CancelFunc
	done   chan struct{}
}

// Option configures a Follower.
type Option func(*Follower)

// WithShards sets how many shards entries are applied on in parallel.
func WithShards(n int) Option { return func(f *Follower) { f.shards = n } }

// WithBatchSize sets how many entries are requested from the leader at once.
func WithBatchSize(n int) Option { return func(f *Follower) { f.batchSize = n } }

// WithRetryDelay sets how long to wait after a failed fetch or apply.
func WithRetryDelay(d time.Duration) Option { return func(f *Follower) { f.retry = d } }

// WithErrorHandler sets a function that is told about failures that the
// follower recovers from by retrying.
func WithErrorHandler(fn func(error)) Option { return func(f *Follower) { f.onError = fn } }

// NewFollower returns a follower that will resume after index applied.
func NewFollower(leader Leader, sm StateMachine, applied uint64, opts ...Option) *Follower {
	f := &Follower{
		leader:    leader,
		sm:        sm,
		shards:    8,
		batchSize: 256,
		retry:     time.Second,
		onError:   func(error) {},
	}
	for _, o := range opts {
		o(f)
	}
	f.applied.Store(applied)
	f.shardMark = make([]uint64, f.shards)
	for i := range f.shardMark {
		f.shardMark[i] = applied
	}
	return f
}

// Applied returns the index up to which the log has been applied.
func (f *Follower) Applied() uint64 { return f.applied.Load() }

// Start begins replicating in the background.
func (f *Follower) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.done = make(chan struct{})
	go f.run(ctx)
}

// Stop stops replication and waits for it to wind down, or for ctx to end.
func (f *Follower) Stop(ctx context.Context) error {
	f.cancel()
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("replica: stopping follower: %w", ctx.Err())
	}
}

func (f *Follower) run(ctx context.Context) {
	defer close(f.done)
	for ctx.Err() == nil {
		from := f.applied.Load() + 1
		batch, err := f.leader.Entries(ctx, from, f.batchSize)
		if err == nil && len(batch) > 0 {
			err = f.applyBatch(batch)
			if err == nil {
				f.applied.Store(batch[len(batch)-1].Index)
				continue
			}
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			f.onError(fmt.Errorf("replica: entries from %d: %w", from, err))
		}
		select {
		case <-time.After(f.retry):
		case <-ctx.Done():
		}
	}
}
