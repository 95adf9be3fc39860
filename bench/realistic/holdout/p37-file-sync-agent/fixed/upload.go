package filesync

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
)

// upload streams the file at path to the store as gzip without holding the
// whole file in memory: a goroutine compresses into one end of a pipe while
// the store reads the other.
func (a *Agent) upload(ctx context.Context, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}

	pr, pw := io.Pipe()
	go compress(pw, f)
	if err := a.store.Put(ctx, name+".gz", pr); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("upload %s: %w", name, err)
	}
	return nil
}

// compress writes the gzip encoding of src to pw and then closes both,
// passing any error on to the reader of the pipe.
func compress(pw *io.PipeWriter, src io.ReadCloser) {
	defer src.Close()
	zw := gzip.NewWriter(pw)
	_, err := io.Copy(zw, src)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	pw.CloseWithError(err)
}
