package blobup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errQuotaExceeded = errors.New("storage quota exceeded")

// quotaStore is an in-memory BlobStore that rejects writes once it holds
// maxBlobs blobs. If rejectAfter is set, rejections are held back until it
// is closed, like a slow remote store.
type quotaStore struct {
	mu          sync.Mutex
	blobs       map[Digest][]byte
	maxBlobs    int
	puts        int
	rejectAfter chan struct{}
}

func newQuotaStore(maxBlobs int) *quotaStore {
	return &quotaStore{blobs: make(map[Digest][]byte), maxBlobs: maxBlobs}
}

func (s *quotaStore) Has(ctx context.Context, d Digest) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.blobs[d]
	return ok, nil
}

func (s *quotaStore) Put(ctx context.Context, d Digest, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	full, wait := len(s.blobs) >= s.maxBlobs, s.rejectAfter
	s.mu.Unlock()
	if full {
		if wait != nil {
			<-wait
		}
		return fmt.Errorf("put %s: %w", d.Short(), errQuotaExceeded)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts++
	s.blobs[d] = append([]byte(nil), data...)
	return nil
}

// streamReader wraps a reader and closes reached when a read starts at or
// beyond offset at.
type streamReader struct {
	r       io.Reader
	off, at int64
	reached chan struct{}
	once    sync.Once
}

func (s *streamReader) Read(p []byte) (int, error) {
	if s.off >= s.at {
		s.once.Do(func() { close(s.reached) })
	}
	n, err := s.r.Read(p)
	s.off += int64(n)
	return n, err
}

// blocks builds a file out of fixed 4-byte blocks.
func blocks(names ...string) []byte {
	var b bytes.Buffer
	for _, n := range names {
		b.WriteString(fmt.Sprintf("%-4s", n))
	}
	return b.Bytes()
}

func TestUploadStopsWhenStoreIsFull(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newQuotaStore(3)
	up, err := New(store, WithChunkSize(4), WithParallelism(2))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	// The first file fits: three distinct blocks, one of them repeated.
	m, err := up.Upload(ctx, "v1.img", bytes.NewReader(blocks("a", "b", "a", "c")))
	if err != nil {
		t.Fatalf("Upload v1: %v", err)
	}
	if m.Size != 16 || len(m.Chunks) != 4 || m.Uploaded != 3 || m.Deduplicated != 1 {
		t.Fatalf("v1 manifest = %+v, want 16 bytes, 4 chunks, 3 uploaded, 1 deduplicated", m)
	}

	// The second file shares a block with the first but needs new blocks the
	// store has no room for. The store answers slowly: its rejections arrive
	// while the rest of the file is still streaming in.
	v2 := &streamReader{
		r:       bytes.NewReader(blocks("a", "d", "e", "f", "g", "h", "i", "j")),
		at:      12,
		reached: make(chan struct{}),
	}
	store.mu.Lock()
	store.rejectAfter = v2.reached
	store.mu.Unlock()
	_, err = up.Upload(ctx, "v2.img", v2)
	if !errors.Is(err, errQuotaExceeded) {
		t.Fatalf("Upload v2: got %v, want quota error", err)
	}
	if store.puts != 3 {
		t.Fatalf("store received %d puts, want 3", store.puts)
	}
}
