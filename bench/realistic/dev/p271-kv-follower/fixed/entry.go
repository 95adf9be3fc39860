// Package follower implements the follower side of a key-value store's
// asynchronous replication: it streams the leader's write-ahead log and
// applies each entry to the local store in order.
package follower

import (
	"context"
	"errors"
	"io"
	"time"
)

// Op is a log operation.
type Op string

// Supported operations.
const (
	OpPut    Op = "put"
	OpDelete Op = "delete"
)

// Entry is one record of the leader's log.
type Entry struct {
	Index uint64 `json:"index"`
	Term  uint64 `json:"term"`
	Op    Op     `json:"op"`
	Key   string `json:"key"`
	Value []byte `json:"value,omitempty"`
}

// Leader is a connection to the current leader.
type Leader interface {
	// Stream opens the replication stream for entries after index. The
	// stream is a sequence of frames (see frame.go) and stays open until
	// the leader steps down or the stream is closed.
	Stream(ctx context.Context, after uint64) (io.ReadCloser, error)
}

// Store is the local state machine.
type Store interface {
	// LastApplied returns the index of the last entry applied.
	LastApplied() (uint64, error)
	// Apply applies e atomically together with its index.
	Apply(e Entry) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Errors reported by the follower.
var (
	// ErrLogGap means the stream skipped entries; the follower must
	// reconnect from its last applied index.
	ErrLogGap = errors.New("follower: gap in replicated log")
	// ErrBadFrame means the stream is corrupt.
	ErrBadFrame = errors.New("follower: malformed frame")
)

// Status describes replication progress.
type Status struct {
	Applied      uint64
	LeaderCommit uint64
	LastContact  time.Time
}

// Lag returns how many committed entries are not applied yet.
func (s Status) Lag() uint64 {
	if s.LeaderCommit <= s.Applied {
		return 0
	}
	return s.LeaderCommit - s.Applied
}
