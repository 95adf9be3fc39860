// Package layerstore stores container image layers by content digest, so a
// layer shared by many images is kept on disk only once.
package layerstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// ErrTooLarge is returned for layers bigger than the configured limit.
var ErrTooLarge = errors.New("layer too large")

// ErrNotFound is returned for digests the store does not hold.
var ErrNotFound = errors.New("layer not found")

// Descriptor identifies a stored layer.
type Descriptor struct {
	Digest string // "sha256:<hex>"
	Size   int64
	// Existing is true when an identical layer was already stored.
	Existing bool
}

// Option configures a Store.
type Option func(*Store)

// WithMaxLayerSize rejects layers larger than n bytes.
func WithMaxLayerSize(n int64) Option {
	return func(s *Store) { s.maxSize = n }
}

// Store is a content-addressed layer directory with reference counts.
type Store struct {
	dir     string
	maxSize int64

	mu   sync.Mutex
	refs map[string]int
}

// Open prepares dir for use as a layer store.
func Open(dir string, opts ...Option) (*Store, error) {
	s := &Store{dir: dir, maxSize: 10 << 30, refs: make(map[string]int)}
	for _, o := range opts {
		o(s)
	}
	if err := os.MkdirAll(filepath.Join(dir, "blobs", "sha256"), 0o755); err != nil {
		return nil, fmt.Errorf("layerstore: open %s: %w", dir, err)
	}
	return s, nil
}

// Put stores the layer read from r, or adds a reference to an identical layer
// that is already present.
func (s *Store) Put(ctx context.Context, r io.Reader) (Descriptor, error) {
	if err := ctx.Err(); err != nil {
		return Descriptor{}, fmt.Errorf("layerstore: put: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, "upload-*")
	if err != nil {
		return Descriptor{}, fmt.Errorf("layerstore: put: %w", err)
	}
	defer os.Remove(tmp.Name())

	dg := newDigester()
	n, err := io.Copy(io.MultiWriter(tmp, dg), io.LimitReader(r, s.maxSize+1))
	if err != nil {
		tmp.Close()
		dg.Abort(err)
		return Descriptor{}, fmt.Errorf("layerstore: put: copy: %w", err)
	}
	if n > s.maxSize {
		tmp.Close()
		return Descriptor{}, fmt.Errorf("layerstore: put: more than %d bytes: %w", s.maxSize, ErrTooLarge)
	}
	if err := tmp.Close(); err != nil {
		dg.Abort(err)
		return Descriptor{}, fmt.Errorf("layerstore: put: %w", err)
	}
	digest, err := dg.Sum()
	if err != nil {
		return Descriptor{}, fmt.Errorf("layerstore: put: digest: %w", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	desc := Descriptor{Digest: digest, Size: n}
	if s.refs[digest] > 0 {
		s.refs[digest]++
		desc.Existing = true
		return desc, nil
	}
	if err := os.Rename(tmp.Name(), s.blobPath(digest)); err != nil {
		return Descriptor{}, fmt.Errorf("layerstore: put: commit %s: %w", digest, err)
	}
	s.refs[digest] = 1
	return desc, nil
}

// Release drops one reference to digest and deletes the blob when none remain.
func (s *Store) Release(digest string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refs[digest] == 0 {
		return fmt.Errorf("layerstore: release %s: %w", digest, ErrNotFound)
	}
	s.refs[digest]--
	if s.refs[digest] > 0 {
		return nil
	}
	delete(s.refs, digest)
	if err := os.Remove(s.blobPath(digest)); err != nil {
		return fmt.Errorf("layerstore: release %s: %w", digest, err)
	}
	return nil
}

// Refs reports how many images reference digest.
func (s *Store) Refs(digest string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refs[digest]
}

func (s *Store) blobPath(digest string) string {
	return filepath.Join(s.dir, "blobs", "sha256", digest[len("sha256:"):])
}
