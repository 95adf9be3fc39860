package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	delay time.Duration
	fail  error

	mu     sync.Mutex
	chunks map[string][]byte
}

func (s *memStore) Put(ctx context.Context, hash string, data []byte) error {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.fail != nil {
		return s.fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chunks == nil {
		s.chunks = make(map[string][]byte)
	}
	s.chunks[hash] = append([]byte(nil), data...)
	return nil
}

func makeTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"notes.txt":        "remember to water the plants",
		"docs/report.md":   "# Q3\nrevenue up, costs down\n",
		"docs/copy.md":     "# Q3\nrevenue up, costs down\n",
		"photos/empty.jpg": "",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// runWithDeadline runs a backup and fails the test if it does not return soon.
func runWithDeadline(t *testing.T, root string, store ChunkStore) (*Manifest, error) {
	t.Helper()
	type result struct {
		m   *Manifest
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := Run(context.Background(), root, store, WithChunkSize(8), WithParallelism(2))
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		return r.m, r.err
	case <-time.After(100 * time.Millisecond):
		t.Error("backup did not finish")
		return nil, nil
	}
}

func TestBackupUploadsDistinctChunks(t *testing.T) {
	defer goleak.VerifyNone(t)
	store := &memStore{delay: time.Millisecond}
	m, err := runWithDeadline(t, makeTree(t), store)
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		return
	}
	if len(m.Paths()) != 4 {
		t.Fatalf("snapshot has %v", m.Paths())
	}
	if m.Chunks != len(store.chunks) {
		t.Fatalf("manifest counts %d chunks, store has %d", m.Chunks, len(store.chunks))
	}
}

var errQuota = errors.New("quota exceeded")

func TestBackupReportsUploadFailure(t *testing.T) {
	defer goleak.VerifyNone(t)
	store := &memStore{delay: 3 * time.Millisecond, fail: errQuota}
	_, err := runWithDeadline(t, makeTree(t), store)
	if !errors.Is(err, errQuota) {
		t.Errorf("Run error = %v, want %v", err, errQuota)
	}
}
