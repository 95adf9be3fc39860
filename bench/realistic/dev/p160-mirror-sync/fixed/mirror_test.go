package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeUpstream map[string][]byte

func (u fakeUpstream) Get(_ context.Context, path string) ([]byte, error) {
	b, ok := u[path]
	if !ok {
		return nil, fmt.Errorf("get %s: %w", path, fs.ErrNotExist)
	}
	return b, nil
}

type memStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func (s *memStore) Has(sum string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.blobs[sum]
	return ok
}

func (s *memStore) Put(e Entry, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blobs[e.SHA256] = data
	return nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// buildUpstream publishes n packages per page over two pages; the archive
// of the package named corrupt is altered after its digest was indexed.
func buildUpstream(t *testing.T, n int, corrupt string) fakeUpstream {
	up := fakeUpstream{}
	for p := 0; p < 2; p++ {
		var page indexPage
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("pkg%d%d", p, i)
			body := []byte("archive of " + name)
			e := Entry{Name: name, Version: "1.0.0", SHA256: digest(body), Path: "pool/" + name + ".tgz"}
			if name == corrupt {
				body = append(body, '!')
			}
			up[e.Path] = body
			page.Entries = append(page.Entries, e)
		}
		if p == 0 {
			page.Next = "index/1.json"
		}
		b, err := json.Marshal(page)
		if err != nil {
			t.Fatal(err)
		}
		up[fmt.Sprintf("index/%d.json", p)] = b
	}
	return up
}

func TestSyncCopiesEverything(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{blobs: map[string][]byte{}}
	m := New(buildUpstream(t, 3, ""), store)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	st, err := m.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fetched != 6 {
		t.Fatalf("fetched %d, want 6", st.Fetched)
	}
}

func TestSyncStopsOnCorruptArchive(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{blobs: map[string][]byte{}}
	m := New(buildUpstream(t, 3, "pkg01"), store)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := m.Sync(ctx)
	if !errors.Is(err, ErrChecksum) {
		t.Fatalf("err = %v, want %v", err, ErrChecksum)
	}
}
