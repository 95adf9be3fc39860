package mirror

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errQuota = errors.New("quota exceeded")

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now().Add(d)
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type fakeTransport struct {
	bundles map[string][]byte
}

func (t *fakeTransport) Bundle(ctx context.Context, upstream string) (io.ReadCloser, error) {
	b, ok := t.bundles[upstream]
	if !ok {
		return nil, fmt.Errorf("GET %s: 404 Not Found", upstream)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// fakeStore keeps mirrors in memory. Mirrors named in overQuota are
// rejected before any data is read, as a quota check would.
type fakeStore struct {
	overQuota map[string]bool

	mu      sync.Mutex
	mirrors map[string][]byte
}

func (s *fakeStore) Put(ctx context.Context, name string, r io.Reader) (int64, error) {
	if s.overQuota[name] {
		return 0, fmt.Errorf("put %s: %w", name, errQuota)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", name, err)
	}
	s.mu.Lock()
	s.mirrors[name] = b
	s.mu.Unlock()
	return int64(len(b)), nil
}

func randomBundle(size int, seed int64) []byte {
	b := make([]byte, size)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

func TestSyncDueBacksOffWhenStoreRejects(t *testing.T) {
	defer goleak.VerifyNone(t)

	const (
		lintURL = "https://git.example.org/tools/lint.git"
		fmtURL  = "https://git.example.org/tools/fmt.git"
	)
	lint := randomBundle(1<<20, 1)
	fmtBundle := randomBundle(16<<10, 2)
	t0 := time.Date(2024, 2, 1, 3, 0, 0, 0, time.UTC)
	clk := &fakeClock{now: t0}
	store := &fakeStore{overQuota: map[string]bool{"tools/lint": true}, mirrors: map[string][]byte{}}
	m, err := New(Config{
		Repos: []Repo{
			{Name: "tools/lint", Upstream: lintURL},
			{Name: "tools/fmt", Upstream: fmtURL, Interval: time.Hour},
		},
		Interval:   15 * time.Minute,
		MinBackoff: time.Minute,
		MaxBackoff: time.Hour,
	}, &fakeTransport{bundles: map[string][]byte{lintURL: lint, fmtURL: fmtBundle}}, store, clk)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	if n := m.SyncDue(ctx); n != 2 {
		t.Fatalf("first SyncDue attempted %d repos, want 2", n)
	}

	st, _ := m.Status("tools/fmt")
	if st.Failures != 0 || st.LastErr != nil || !st.NextSync.Equal(t0.Add(time.Hour)) {
		t.Fatalf("tools/fmt status = %+v", st)
	}
	zr, err := gzip.NewReader(bytes.NewReader(store.mirrors["tools/fmt"]))
	if err != nil {
		t.Fatalf("stored mirror is not gzip: %v", err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, fmtBundle) {
		t.Fatalf("stored mirror does not round-trip (err %v)", err)
	}

	st, _ = m.Status("tools/lint")
	if st.Failures != 1 || !errors.Is(st.LastErr, errQuota) || !st.NextSync.Equal(t0.Add(time.Minute)) {
		t.Fatalf("tools/lint status after first failure = %+v", st)
	}

	clk.Advance(time.Minute)
	if n := m.SyncDue(ctx); n != 1 {
		t.Fatalf("second SyncDue attempted %d repos, want 1", n)
	}
	st, _ = m.Status("tools/lint")
	if st.Failures != 2 || !st.NextSync.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("tools/lint status after second failure = %+v", st)
	}

	if err := m.Sync(ctx, "tools/vet"); !errors.Is(err, ErrUnknownRepo) {
		t.Fatalf("Sync of unknown repo = %v, want ErrUnknownRepo", err)
	}
}

func TestBackoff(t *testing.T) {
	for failures, want := range map[int]time.Duration{
		1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 7: time.Hour, 80: time.Hour,
	} {
		if got := backoff(failures, time.Minute, time.Hour); got != want {
			t.Errorf("backoff(%d) = %v, want %v", failures, got, want)
		}
	}
}
