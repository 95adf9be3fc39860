// Package blobup uploads files to a content-addressed blob store. Files are
// split into chunks, chunks already present in the store (or repeated within
// the file) are skipped, and the rest are uploaded in parallel.
package blobup

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
)

const (
	defaultChunkSize   = 4 << 20
	defaultParallelism = 4
)

// Option configures an Uploader.
type Option func(*Uploader)

// WithChunkSize sets the chunk size in bytes.
func WithChunkSize(n int) Option {
	return func(u *Uploader) { u.chunkSize = n }
}

// WithParallelism sets how many chunks are uploaded concurrently.
func WithParallelism(n int) Option {
	return func(u *Uploader) {
		if n > 0 {
			u.parallelism = n
		}
	}
}

// Uploader uploads files to a BlobStore. It is safe for concurrent use and
// remembers which digests it has seen in the store, so repeated uploads of
// similar files avoid redundant existence checks.
type Uploader struct {
	store       BlobStore
	chunkSize   int
	parallelism int
	chunker     *Chunker

	mu    sync.Mutex
	known map[Digest]struct{}
}

// New returns an Uploader writing to store.
func New(store BlobStore, opts ...Option) (*Uploader, error) {
	u := &Uploader{
		store:       store,
		chunkSize:   defaultChunkSize,
		parallelism: defaultParallelism,
		known:       make(map[Digest]struct{}),
	}
	for _, opt := range opts {
		opt(u)
	}
	c, err := NewChunker(u.chunkSize)
	if err != nil {
		return nil, fmt.Errorf("blobup: %w", err)
	}
	u.chunker = c
	return u, nil
}

// uploadState is the bookkeeping shared by the workers of one Upload call.
type uploadState struct {
	cancel context.CancelFunc

	mu       sync.Mutex
	refs     map[int]ChunkRef
	seen     map[Digest]struct{}
	uploaded int
	err      error
}

// claim reports whether d has not been handled yet within this upload.
func (s *uploadState) claim(d Digest) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.seen[d]; dup {
		return false
	}
	s.seen[d] = struct{}{}
	return true
}

func (s *uploadState) record(c Chunk, uploaded bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs[c.Index] = ChunkRef{Digest: c.Digest, Offset: c.Offset, Size: len(c.Data)}
	if uploaded {
		s.uploaded++
	}
}

// fail records the first error and cancels the remaining work.
func (s *uploadState) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
		s.cancel()
	}
}

// Upload chunks r, uploads the chunks that the store does not have yet and
// returns the manifest describing the file. On error nothing is rolled back:
// chunks that made it to the store stay there and will be reused.
func (u *Uploader) Upload(ctx context.Context, name string, r io.Reader) (*Manifest, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	chunks := make(chan Chunk)
	splitErr := make(chan error, 1)
	go func() { splitErr <- u.chunker.Split(ctx, r, chunks) }()

	st := &uploadState{
		cancel: cancel,
		refs:   make(map[int]ChunkRef),
		seen:   make(map[Digest]struct{}),
	}
	var wg sync.WaitGroup
	for i := 0; i < u.parallelism; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				uploaded, err := u.uploadChunk(ctx, st, c)
				if err != nil {
					st.fail(fmt.Errorf("chunk %d at offset %d: %w", c.Index, c.Offset, err))
					return
				}
				st.record(c, uploaded)
			}
		}()
	}
	wg.Wait()

	if st.err != nil {
		return nil, fmt.Errorf("upload %q: %w", name, st.err)
	}
	if err := <-splitErr; err != nil {
		return nil, fmt.Errorf("upload %q: %w", name, err)
	}
	return st.manifest(name), nil
}

// uploadChunk makes sure c is in the store. It reports whether the chunk
// had to be uploaded.
func (u *Uploader) uploadChunk(ctx context.Context, st *uploadState, c Chunk) (bool, error) {
	if !st.claim(c.Digest) || u.isKnown(c.Digest) {
		return false, nil
	}
	present, err := u.store.Has(ctx, c.Digest)
	if err != nil {
		return false, fmt.Errorf("check %s: %w", c.Digest.Short(), err)
	}
	if !present {
		if err := u.store.Put(ctx, c.Digest, c.Data); err != nil {
			return false, fmt.Errorf("put %s: %w", c.Digest.Short(), err)
		}
	}
	u.markKnown(c.Digest)
	return !present, nil
}

func (u *Uploader) isKnown(d Digest) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	_, ok := u.known[d]
	return ok
}

func (u *Uploader) markKnown(d Digest) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.known[d] = struct{}{}
}

func (s *uploadState) manifest(name string) *Manifest {
	m := &Manifest{Name: name, Uploaded: s.uploaded}
	for _, ref := range s.refs {
		m.Chunks = append(m.Chunks, ref)
		m.Size += int64(ref.Size)
	}
	sort.Slice(m.Chunks, func(i, j int) bool { return m.Chunks[i].Offset < m.Chunks[j].Offset })
	m.Deduplicated = len(m.Chunks) - s.uploaded
	return m
}
