package indexer

import (
	"context"
	"errors"
)

// Op is the kind of change carried by a ChangeEvent.
type Op int

// Change operations emitted by the upstream change stream.
const (
	OpUpsert Op = iota + 1
	OpDelete
	OpDropCollection
)

// ChangeEvent is one entry of the upstream change stream. Seq is strictly
// increasing across the whole stream.
type ChangeEvent struct {
	Seq        uint64
	Collection string
	Op         Op
	DocID      string
	Fields     map[string]string
}

// Document is the indexed form of a record.
type Document struct {
	ID     string
	Fields map[string]string
}

// Segment is an immutable unit of index data for one collection. Once
// committed it is searchable.
type Segment struct {
	Collection string
	ID         string
	MinSeq     uint64
	MaxSeq     uint64
	Docs       []Document
	Deletes    []string
}

// SegmentStore persists segments, e.g. to object storage plus a manifest.
type SegmentStore interface {
	CommitSegment(ctx context.Context, seg Segment) error
	DropCollection(ctx context.Context, collection string) error
}

// EventSource is a resumable change stream.
type EventSource interface {
	// Next returns the next event, or io.EOF once the stream is drained.
	Next(ctx context.Context) (ChangeEvent, error)
	// Ack records that every event up to and including seq is indexed.
	Ack(ctx context.Context, seq uint64) error
}

// Errors returned by the indexer.
var (
	ErrClosed    = errors.New("indexer closed")
	ErrUnknownOp = errors.New("unknown change operation")
)
