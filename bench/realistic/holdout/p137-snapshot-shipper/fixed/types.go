// Package snapship streams point-in-time snapshots of a replicated state
// machine to followers that have fallen too far behind the leader's log to be
// caught up by ordinary log replication.
//
// A snapshot is encoded on the fly into a compact framed format and cut into
// fixed-size chunks, each of which is delivered through a Transport. The
// follower side reassembles the chunks and feeds them to Decode.
package snapship

import (
	"context"
	"errors"
	"time"
)

// Snapshot is a read-only, point-in-time view of the state machine.
type Snapshot interface {
	// Index is the index of the last log entry covered by the snapshot.
	Index() uint64
	// Term is the term of the last log entry covered by the snapshot.
	Term() uint64
	// Range calls fn for every key/value pair in key order and stops at the
	// first error fn returns. The slices are only valid during the call.
	Range(fn func(key, value []byte) error) error
	// Release frees the resources pinned by the snapshot.
	Release()
}

// StateMachine is the application state being replicated.
type StateMachine interface {
	// Snapshot captures the current state.
	Snapshot(ctx context.Context) (Snapshot, error)
}

// Chunk is one piece of a snapshot transfer.
type Chunk struct {
	Index  uint64 // snapshot's last included index
	Term   uint64 // snapshot's last included term
	Offset uint64 // byte offset of Data within the encoded snapshot
	Data   []byte
	Done   bool // true on the final chunk
}

// Transport delivers snapshot chunks to a follower, typically as an
// InstallSnapshot RPC.
type Transport interface {
	InstallSnapshot(ctx context.Context, follower string, c Chunk) error
}

// Clock abstracts timers so retries can be tested without sleeping.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

var (
	// ErrRejected is returned by transports when a follower refuses a chunk,
	// for example because it has seen a newer term.
	ErrRejected = errors.New("snapship: chunk rejected by follower")
	// ErrBusy is returned when a transfer to the same follower is running.
	ErrBusy = errors.New("snapship: transfer already in progress")
	// ErrCorrupt is returned by Decode for malformed or truncated input.
	ErrCorrupt = errors.New("snapship: corrupt snapshot stream")
)

// temporary reports whether err is marked as retryable by the transport.
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}
