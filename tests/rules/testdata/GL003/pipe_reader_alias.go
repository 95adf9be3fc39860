package pipereaderalias

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
)

// run: u := &Uploader{Compress: true, store: quotaStore{}}; _ = u.Upload(context.Background(), io.MultiReader())

// Store keeps uploaded blobs.
type Store interface {
	Put(ctx context.Context, body io.Reader) error
}

type quotaStore struct{}

func (quotaStore) Put(context.Context, io.Reader) error { return errors.New("quota exceeded") }

// Uploader uploads blobs, gzipped on the fly when Compress is set.
type Uploader struct {
	Compress bool
	store    Store
}

func (u *Uploader) Upload(ctx context.Context, src io.Reader) error {
	var body io.Reader = src
	if u.Compress {
		pr, pw := io.Pipe()
		go gzipInto(pw, src)
		body = pr
	}
	if err := u.store.Put(ctx, body); err != nil {
		return err
	}
	return nil
}

func gzipInto(pw *io.PipeWriter, src io.Reader) {
	zw := gzip.NewWriter(pw)
	_, err := io.Copy(zw, src) // want "goroutine blocks forever writing `pw` when `Upload` returns at line 35 without reading or closing `pr`"
	if err == nil {
		err = zw.Close()
	}
	pw.CloseWithError(err)
}
