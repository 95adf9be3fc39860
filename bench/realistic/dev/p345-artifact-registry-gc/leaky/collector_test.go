package registrygc

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBackend = errors.New("backend unavailable")

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

type fakeStore struct {
	manifests []Manifest
	// blobPages are served in order; a nil entry in pageErrs means success.
	blobPages [][]Blob
	pageErrs  []error

	mu      sync.Mutex
	deleted []string
}

func (s *fakeStore) ListManifests(ctx context.Context, cursor string, limit int) ([]Manifest, string, error) {
	return s.manifests, "", nil
}

func (s *fakeStore) ListBlobs(ctx context.Context, cursor string, limit int) ([]Blob, string, error) {
	i := 0
	if cursor != "" {
		i = int(cursor[0] - '0')
	}
	if s.pageErrs[i] != nil {
		return nil, "", s.pageErrs[i]
	}
	next := ""
	if i+1 < len(s.blobPages) {
		next = string(rune('0' + i + 1))
	}
	return s.blobPages[i], next, nil
}

func (s *fakeStore) DeleteBlob(ctx context.Context, digest string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleted = append(s.deleted, digest)
	return nil
}

func newTestCollector(t *testing.T, store Store, now time.Time) *Collector {
	t.Helper()
	c, err := New(Config{
		Store:    store,
		Clock:    fakeClock{now: now},
		Deleters: 3,
		PageSize: 2,
		MinAge:   time.Hour,
		Logger:   log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func testData(now time.Time) ([]Manifest, []Blob) {
	old := now.Add(-48 * time.Hour)
	manifests := []Manifest{
		{Repository: "team/app", Digest: "sha256:m1", Config: "sha256:c1", Layers: []string{"sha256:l1", "sha256:l2"}},
	}
	page1 := []Blob{
		{Digest: "sha256:c1", Size: 10, ModTime: old},
		{Digest: "sha256:g1", Size: 100, ModTime: old},
		{Digest: "sha256:g2", Size: 200, ModTime: old},
	}
	return manifests, page1
}

func TestRunReportsListingFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	manifests, page1 := testData(now)
	store := &fakeStore{
		manifests: manifests,
		blobPages: [][]Blob{page1, nil},
		pageErrs:  []error{nil, errBackend},
	}
	_, err := newTestCollector(t, store, now).Run(context.Background())
	if !errors.Is(err, errBackend) {
		t.Fatalf("Run error = %v, want %v", err, errBackend)
	}
}
