// Package tmsync is the core of a translation memory server. Editors push
// translated segments with the revision they started from; concurrent edits
// of the same segment are settled by a pluggable conflict resolver. Editors
// pull everything that changed since their last sync, and the memory can be
// exported as a TMX 1.4 document to blob storage.
package tmsync

import (
	"context"
	"errors"
	"io"
	"time"
)

// Segment is one source/target pair in the translation memory.
type Segment struct {
	ID         string
	SourceLang string
	TargetLang string
	Source     string
	Target     string
	Editor     string
	Updated    time.Time
	Revision   uint64
}

// Edit is an editor's change to a segment. BaseRevision is the revision the
// editor last saw; zero means the editor believes the segment is new.
type Edit struct {
	Segment      Segment
	BaseRevision uint64
}

// Resolver decides what to keep when an edit was based on a stale revision.
type Resolver interface {
	Resolve(ctx context.Context, current, incoming Segment) (Segment, error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(ctx context.Context, current, incoming Segment) (Segment, error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, current, incoming Segment) (Segment, error) {
	return f(ctx, current, incoming)
}

// LastWriterWins keeps whichever segment was updated most recently.
var LastWriterWins = ResolverFunc(func(_ context.Context, current, incoming Segment) (Segment, error) {
	if incoming.Updated.After(current.Updated) {
		return incoming, nil
	}
	return current, nil
})

// BlobStore receives exported files, e.g. an object storage bucket.
type BlobStore interface {
	Put(ctx context.Context, name string, r io.Reader) error
}

// Clock abstracts time for testing.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now().UTC() }

// Errors returned by the server.
var (
	ErrConflict          = errors.New("tmsync: conflicting edit rejected")
	ErrInvalidSegment    = errors.New("tmsync: invalid segment")
	ErrNothingToExport   = errors.New("tmsync: no segments match the export filter")
	ErrLanguageMismatch  = errors.New("tmsync: segment language pair does not match the memory")
	errResolverChangedID = errors.New("resolver returned a segment with a different ID")
)
