// Package fetch downloads artifacts and reports progress while they stream in.
package fetch

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// Source opens an artifact for reading.
type Source interface {
	Open(ctx context.Context, name string) (io.ReadCloser, error)
}

// Progress receives the bytes read so far.
type Progress func(name string, n int64)

// Downloader copies artifacts into writers.
type Downloader struct {
	src    Source
	every  time.Duration
	onTick Progress
}

// NewDownloader reports progress every interval.
func NewDownloader(src Source, every time.Duration, onTick Progress) *Downloader {
	return &Downloader{src: src, every: every, onTick: onTick}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	atomic.AddInt64(&c.n, int64(n))
	return n, err
}

func (d *Downloader) report(ctx context.Context, name string, cw *countingWriter) {
	t := time.NewTicker(d.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.onTick(name, atomic.LoadInt64(&cw.n))
		}
	}
}

// Fetch copies the artifact into w.
func (d *Downloader) Fetch(ctx context.Context, name string, w io.Writer) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the progress reporter on every return
	rc, err := d.src.Open(ctx, name)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", name, err)
	}
	defer rc.Close()

	cw := &countingWriter{w: w}
	go d.report(ctx, name, cw)
	if _, err := io.Copy(cw, rc); err != nil {
		return cw.n, fmt.Errorf("copy %s: %w", name, err)
	}
	return cw.n, nil
}
