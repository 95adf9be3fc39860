package indexer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memWorktree struct {
	files  map[string]string
	mu     sync.Mutex
	closed bool
}

func (w *memWorktree) ListFiles(ctx context.Context) ([]string, error) {
	names := make([]string, 0, len(w.files))
	for n := range w.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

func (w *memWorktree) Open(name string) (io.ReadCloser, error) {
	s, ok := w.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: not found", name)
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

func (w *memWorktree) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return nil
}

type fakeCloner struct{ wt *memWorktree }

func (c *fakeCloner) Clone(ctx context.Context, repoURL, rev string) (Worktree, error) {
	return c.wt, nil
}

var errQuota = errors.New("shard quota exceeded for tenant")

// quotaStore accepts a fixed number of shards and then refuses new ones
// before reading any data, like a blob store enforcing a per-tenant quota.
type quotaStore struct {
	mu     sync.Mutex
	limit  int
	shards map[string]string
}

func (s *quotaStore) PutShard(ctx context.Context, name string, r io.Reader) error {
	s.mu.Lock()
	full := len(s.shards) >= s.limit
	s.mu.Unlock()
	if full {
		return errQuota
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.shards[name] = string(b)
	s.mu.Unlock()
	return nil
}

func TestIndexRepoShardRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	wt := &memWorktree{files: map[string]string{
		"cmd/server/main.go":   "package main\n\nfunc main() { serveHTTP(listenAddr) }\n",
		"internal/auth/jwt.go": "package auth\n\n// ParseToken validates a bearer token.\nfunc ParseToken(raw string) (Claims, error) { return parseJWT(raw) }\n",
		"internal/db/pool.go":  "package db\n\ntype Pool struct{ maxConns int }\n",
		"README.md":            "# server\n",
		"vendor/x/y.go":        "package y\n",
	}}
	store := &quotaStore{limit: 1, shards: make(map[string]string)}
	ix, err := New(Config{
		Cloner:      &fakeCloner{wt: wt},
		Store:       store,
		Workers:     3,
		ShardTokens: 8,
		Extensions:  []string{".go"},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	res, err := ix.IndexRepo(context.Background(), "https://git.example.com/acme/server.git", "9f1c2e7d4b3a8e6f")
	if !errors.Is(err, errQuota) {
		t.Fatalf("IndexRepo error = %v; want errQuota", err)
	}
	if res.Files != 3 || len(res.Shards) != 1 {
		t.Fatalf("result = %+v; want 3 files and 1 written shard", res)
	}
	got := store.shards[res.Shards[0]]
	if !strings.HasPrefix(got, "CSIX v2 3 8\n") {
		t.Fatalf("first shard header = %q", strings.SplitN(got, "\n", 2)[0])
	}
	wt.mu.Lock()
	closed := wt.closed
	wt.mu.Unlock()
	if !closed {
		t.Fatal("worktree was not removed")
	}
}
