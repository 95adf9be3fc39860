package upload

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Sink stores assembled objects.
type Sink interface {
	// Put stores everything read from r under key. The object must not
	// become visible unless r is read to EOF without error.
	Put(ctx context.Context, key string, r io.Reader) error
}

// DirSink stores objects as files in a directory, publishing each one with
// an atomic rename once it is complete.
type DirSink struct {
	Root string
}

// Put implements Sink.
func (s DirSink) Put(ctx context.Context, key string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.Root, ".incoming-*")
	if err != nil {
		return fmt.Errorf("dirsink: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("dirsink: write %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("dirsink: close %s: %w", key, err)
	}
	if err := os.Rename(f.Name(), filepath.Join(s.Root, key)); err != nil {
		return fmt.Errorf("dirsink: publish %s: %w", key, err)
	}
	return nil
}
