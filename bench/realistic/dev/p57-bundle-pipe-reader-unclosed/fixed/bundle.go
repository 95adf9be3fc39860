package bundle

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"
)

// Source resolves entry names to their content.
type Source interface {
	Open(name string) (io.ReadCloser, error)
}

// Sink stores a finished archive under a name. Upload reads r until EOF.
type Sink interface {
	Upload(ctx context.Context, name string, r io.Reader) (int64, error)
}

// Entry is one file placed into the archive.
type Entry struct {
	Name    string
	Size    int64
	Mode    int64
	ModTime time.Time
}

// Result describes an uploaded archive.
type Result struct {
	Name   string
	Bytes  int64
	SHA256 string
	Files  int
}

// Builder streams tar.gz archives straight into a Sink without buffering
// the whole archive in memory.
type Builder struct {
	src   Source
	sink  Sink
	level int
	now   func() time.Time
}

// Option configures a Builder.
type Option func(*Builder)

// WithLevel sets the gzip compression level.
func WithLevel(level int) Option { return func(b *Builder) { b.level = level } }

// WithClock overrides the clock used for entries without a ModTime.
func WithClock(now func() time.Time) Option { return func(b *Builder) { b.now = now } }

// New returns a Builder reading from src and writing to sink.
func New(src Source, sink Sink, opts ...Option) *Builder {
	b := &Builder{src: src, sink: sink, level: gzip.DefaultCompression, now: time.Now}
	for _, o := range opts {
		o(b)
	}
	return b
}

type uploadResult struct {
	n   int64
	sum string
	err error
}

// Build writes entries into a new archive called name and uploads it.
func (b *Builder) Build(ctx context.Context, name string, entries []Entry) (Result, error) {
	if len(entries) == 0 {
		return Result{}, errors.New("bundle: no entries")
	}
	pr, pw := io.Pipe()
	done := make(chan uploadResult, 1)
	go func() {
		h := sha256.New()
		n, err := b.sink.Upload(ctx, name, io.TeeReader(pr, h))
		pr.CloseWithError(err)
		done <- uploadResult{n: n, sum: hex.EncodeToString(h.Sum(nil)), err: err}
	}()

	gz, err := gzip.NewWriterLevel(pw, b.level)
	if err != nil {
		pw.CloseWithError(err)
		<-done
		return Result{}, err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		if err := b.writeEntry(tw, e); err != nil {
			pw.CloseWithError(err)
			<-done
			return Result{}, fmt.Errorf("bundle: entry %s: %w", e.Name, err)
		}
	}
	if err := tw.Close(); err != nil {
		pw.CloseWithError(err)
		<-done
		return Result{}, err
	}
	if err := gz.Close(); err != nil {
		pw.CloseWithError(err)
		<-done
		return Result{}, err
	}
	pw.Close()

	up := <-done
	if up.err != nil {
		return Result{}, fmt.Errorf("bundle: upload %s: %w", name, up.err)
	}
	return Result{Name: name, Bytes: up.n, SHA256: up.sum, Files: len(entries)}, nil
}
