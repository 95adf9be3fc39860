package pipefailurethencleanup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// run: _ = Archive(context.Background(), failingSink{}, make([]byte, 1<<16), "")

// Sink stores archived blobs.
type Sink interface {
	Store(ctx context.Context, r io.Reader) error
}

type failingSink struct{}

func (failingSink) Store(context.Context, io.Reader) error { return errors.New("sink down") }

// Archive streams data to the sink, then removes the local copy at path.
func Archive(ctx context.Context, sink Sink, data []byte, path string) error {
	pr, pw := io.Pipe()
	go func() {
		_, err := pw.Write(data) // want "goroutine blocks forever writing `pw` when `Archive` returns at line 30 without reading or closing `pr`"
		pw.CloseWithError(err)
	}()
	if err := sink.Store(ctx, pr); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("archive: remove local copy: %w", err)
	}
	return nil
}
