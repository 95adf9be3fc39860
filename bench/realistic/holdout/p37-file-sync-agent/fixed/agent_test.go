package filesync

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errQuota = errors.New("quota exceeded")

// memStore keeps objects in memory and can be told to reject some names
// before reading their body, the way a server rejects on headers alone.
type memStore struct {
	mu      sync.Mutex
	objects map[string][]byte
	reject  map[string]bool
}

func (s *memStore) Put(ctx context.Context, name string, body io.Reader) error {
	s.mu.Lock()
	rejected := s.reject[name]
	s.mu.Unlock()
	if rejected {
		return errQuota
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.objects[name] = data
	s.mu.Unlock()
	return nil
}

func (s *memStore) text(t *testing.T, name string) string {
	t.Helper()
	s.mu.Lock()
	data, ok := s.objects[name]
	s.mu.Unlock()
	if !ok {
		t.Fatalf("object %s not uploaded", name)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}

func TestRejectedUploadIsRetriedNextPass(t *testing.T) {
	defer goleak.VerifyNone(t)

	root := filepath.Join(t.TempDir(), "docs")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"a.txt": "alpha", "b.txt": "bravo"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	store := &memStore{objects: map[string][]byte{}, reject: map[string]bool{"docs/b.txt.gz": true}}
	agent := NewAgent(store, []string{root}, WithLogger(t.Logf))

	err := agent.SyncOnce(context.Background())
	if !errors.Is(err, errQuota) {
		t.Fatalf("first pass: got %v, want quota error", err)
	}
	if got := store.text(t, "docs/a.txt.gz"); got != "alpha" {
		t.Fatalf("a.txt = %q", got)
	}

	store.mu.Lock()
	store.reject = nil
	store.mu.Unlock()
	if err := agent.SyncOnce(context.Background()); err != nil {
		t.Fatalf("second pass: %v", err)
	}
	if got := store.text(t, "docs/b.txt.gz"); got != "bravo" {
		t.Fatalf("b.txt = %q", got)
	}
}
