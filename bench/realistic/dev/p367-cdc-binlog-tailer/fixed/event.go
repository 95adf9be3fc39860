package cdc

import (
	"context"
	"fmt"
	"time"
)

// Position identifies an event in the binlog.
type Position struct {
	File   string
	Offset uint64
}

func (p Position) String() string { return fmt.Sprintf("%s:%d", p.File, p.Offset) }

// Kind is the type of a binlog event.
type Kind int

// Event kinds understood by the tailer. Unknown kinds are skipped.
const (
	KindBegin Kind = iota + 1
	KindRow
	KindCommit
	KindRollback
)

// Op is the row operation carried by a KindRow event.
type Op int

// Row operations.
const (
	OpInsert Op = iota + 1
	OpUpdate
	OpDelete
)

// Event is a single decoded binlog record.
type Event struct {
	Kind   Kind
	Pos    Position
	TxnID  uint64
	Time   time.Time
	Table  string
	Op     Op
	Before map[string]interface{}
	After  map[string]interface{}
}

// Change is one row change inside a transaction.
type Change struct {
	Table  string
	Op     Op
	Before map[string]interface{}
	After  map[string]interface{}
}

// Txn is a committed transaction, the unit shipped to sinks.
type Txn struct {
	ID         uint64
	Begin      Position
	Commit     Position
	CommitTime time.Time
	Changes    []Change
}

// Stream yields binlog events in order. Next returns io.EOF when the stream
// ends cleanly.
type Stream interface {
	Next(ctx context.Context) (Event, error)
}

// Sink receives committed transactions. Ship is called from a single
// goroutine per registered sink, in commit order.
type Sink interface {
	Ship(ctx context.Context, txn Txn) error
}

// PermanentError marks a Ship failure that must not be retried.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }
