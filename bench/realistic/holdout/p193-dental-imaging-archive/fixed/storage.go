package dentalarchive

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
)

// BlobStore holds compressed pixel data.
type BlobStore interface {
	// Put stores the content of r under key and returns the number of bytes written.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Get returns the content stored under key.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Index keeps image metadata and the digest-to-blob mapping used for deduplication.
type Index interface {
	LookupDigest(ctx context.Context, digest string) (Record, bool, error)
	Get(ctx context.Context, sopUID string) (Record, bool, error)
	ListStudy(ctx context.Context, studyUID string) ([]Record, error)
	Save(ctx context.Context, rec Record) error
}

// storeCompressed streams pixels through gzip into the blob store, so that
// large CBCT volumes are never held twice in memory.
func (a *Archive) storeCompressed(ctx context.Context, key string, pixels []byte) (int64, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(compressTo(pw, pixels, a.compressionLevel))
	}()

	n, err := a.blobs.Put(ctx, key, pr)
	if err != nil {
		pr.CloseWithError(err)
		return 0, err
	}
	return n, nil
}

// compressTo writes the gzip encoding of pixels to w.
func compressTo(w io.Writer, pixels []byte, level int) error {
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return err
	}
	if _, err := zw.Write(pixels); err != nil {
		return fmt.Errorf("compress pixels: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish gzip stream: %w", err)
	}
	return nil
}

// openDecompressed opens the blob under key and wraps it in a gzip reader.
func (a *Archive) openDecompressed(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, err := a.blobs.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(rc)
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("read gzip header: %w", err)
	}
	return &gzipReadCloser{Reader: zr, blob: rc}, nil
}

// gzipReadCloser closes both the decompressor and the underlying blob.
type gzipReadCloser struct {
	*gzip.Reader
	blob io.Closer
}

func (g *gzipReadCloser) Close() error {
	zerr := g.Reader.Close()
	berr := g.blob.Close()
	if zerr != nil {
		return zerr
	}
	return berr
}
