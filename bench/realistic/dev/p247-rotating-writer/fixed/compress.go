package rotate

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// compressLoop archives rotated segments until the queue is closed.
func (w *Writer) compressLoop() {
	defer w.wg.Done()
	for seg := range w.queue {
		if err := w.archive(seg); err != nil {
			w.opts.OnError(err)
		}
	}
}

// archive streams a gzip-compressed copy of seg to the archive and removes
// seg once it has been stored.
func (w *Writer) archive(seg string) error {
	src, err := os.Open(seg)
	if err != nil {
		return fmt.Errorf("rotate: open segment: %w", err)
	}
	pr, pw := io.Pipe()
	go func() {
		defer src.Close()
		pw.CloseWithError(gzipTo(pw, src))
	}()

	ctx, cancel := context.WithTimeout(context.Background(), w.opts.ArchiveTimeout)
	defer cancel()
	name := filepath.Base(seg) + ".gz"
	if err := w.opts.Archive.Store(ctx, name, pr); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("rotate: archive %s: %w", name, err)
	}
	if err := os.Remove(seg); err != nil {
		return fmt.Errorf("rotate: remove archived segment: %w", err)
	}
	return nil
}

// gzipTo writes a gzip stream of src to dst.
func gzipTo(dst io.Writer, src io.Reader) error {
	zw := gzip.NewWriter(dst)
	if _, err := io.Copy(zw, src); err != nil {
		return err
	}
	return zw.Close()
}
