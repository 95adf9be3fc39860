package artifacts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errForbidden = errors.New("403 Forbidden: token lacks artifacts:write")

type fakeStore struct {
	mu        sync.Mutex
	rejectAll error
	gate      <-chan struct{}
	parts     map[int][]byte
	calls     int
	completed []CompletedPart
	aborted   bool
}

func newFakeStore() *fakeStore { return &fakeStore{parts: map[int][]byte{}} }

func (s *fakeStore) CreateUpload(ctx context.Context, name string) (string, error) {
	return "upl-" + name, nil
}

func (s *fakeStore) UploadPart(ctx context.Context, uploadID string, number int, data []byte, sum string) (string, error) {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-time.After(time.Second):
			return "", errors.New("fake store: gate never opened")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.rejectAll != nil {
		return "", s.rejectAll
	}
	if sum != checksum(data) {
		return "", fmt.Errorf("checksum mismatch on part %d", number)
	}
	s.parts[number] = append([]byte(nil), data...)
	return fmt.Sprintf("etag-%d", number), nil
}

func (s *fakeStore) CompleteUpload(ctx context.Context, uploadID string, parts []CompletedPart) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.completed = parts
	return nil
}

func (s *fakeStore) AbortUpload(ctx context.Context, uploadID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = true
	return nil
}

// meteredReader closes reached once at least threshold bytes were read.
type meteredReader struct {
	r         io.Reader
	n         int
	threshold int
	reached   chan struct{}
}

func (m *meteredReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	before := m.n
	m.n += n
	if before < m.threshold && m.n >= m.threshold {
		close(m.reached)
	}
	return n, err
}

func quietOpts(extra ...Option) []Option {
	return append([]Option{
		WithLogger(log.New(io.Discard, "", 0)),
		WithBackoff(func(int) time.Duration { return 0 }),
	}, extra...)
}

func TestUploadAbortsWhenPartsAreRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	// Both workers are busy with the first two parts while the third is
	// read; only then does the store start answering.
	artifact := &meteredReader{
		r:         bytes.NewReader([]byte("dist/app-linux-amd64.tar.gz")),
		threshold: 12,
		reached:   make(chan struct{}),
	}
	store := newFakeStore()
	store.rejectAll = errForbidden
	store.gate = artifact.reached
	u := NewUploader(store, quietOpts(WithPartSize(4), WithConcurrency(2), WithMaxAttempts(2))...)

	err := u.Upload(context.Background(), "build-417/app.tar.gz", artifact)
	if !errors.Is(err, errForbidden) {
		t.Fatalf("Upload error = %v, want %v", err, errForbidden)
	}
	var pe *PartError
	if !errors.As(err, &pe) || pe.Attempts != 2 {
		t.Fatalf("Upload error = %v, want a PartError after 2 attempts", err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if !store.aborted {
		t.Fatal("upload was not aborted")
	}
	if store.completed != nil {
		t.Fatal("upload was completed")
	}
}

func TestUploadReportsProgress(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newFakeStore()
	var reports []Progress
	u := NewUploader(store, quietOpts(WithPartSize(5), WithConcurrency(3),
		WithProgress(func(p Progress) { reports = append(reports, p) }))...)

	data := []byte("coverage.out: 87.4% of statements")
	if err := u.Upload(context.Background(), "build-417/coverage.out", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	wantParts := (len(data) + 4) / 5
	if len(store.completed) != wantParts {
		t.Fatalf("completed %d parts, want %d", len(store.completed), wantParts)
	}
	var got []byte
	for i, p := range store.completed {
		if p.Number != i+1 {
			t.Fatalf("completed parts out of order: %+v", store.completed)
		}
		got = append(got, store.parts[p.Number]...)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("stored %q, want %q", got, data)
	}
	if last := reports[len(reports)-1]; last.PartsDone != wantParts || last.BytesSent != int64(len(data)) {
		t.Fatalf("last progress = %+v", last)
	}
}
