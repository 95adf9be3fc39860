package callerrangedonthespot

import (
	"context"
	"errors"
)

// run: _ = (&Flusher{src: &Source{keys: []string{"a", "b", "c"}}, sink: failing{}}).Flush(appContext)

// appContext lives as long as the process, as a server's base context does: nothing
// ever cancels it.
var appContext = context.Background()

// Rollup is one key's aggregate.
type Rollup struct {
	Key string
	Sum int
}

// Source streams the rollups of its keys.
type Source struct{ keys []string }

// Stream sends one rollup per key until ctx ends.
func (s *Source) Stream(ctx context.Context) <-chan Rollup {
	out := make(chan Rollup)
	go func() {
		defer close(out)
		for _, k := range s.keys {
			select { // want "goroutine blocks forever sending on `out` \(`f.src.Stream\(ctx\)`\) once `Flush` stops consuming at line \d+: it also waits on `ctx.Done\(\)`, but `ctx` is the caller's context"
			case out <- Rollup{Key: k}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Sink stores rollups.
type Sink interface{ Write(Rollup) error }

type failing struct{}

func (failing) Write(Rollup) error { return errSink }

var errSink = errors.New("sink refused the rollup")

// Flusher writes a source's rollups to a sink.
type Flusher struct {
	src  *Source
	sink Sink
}

// Flush writes every rollup, stopping at the first the sink refuses.
func (f *Flusher) Flush(ctx context.Context) error {
	for r := range f.src.Stream(ctx) {
		if err := f.sink.Write(r); err != nil {
			return err
		}
	}
	return nil
}
