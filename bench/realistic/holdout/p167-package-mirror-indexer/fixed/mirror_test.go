package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

type tempErr struct{ msg string }

func (e tempErr) Error() string   { return e.msg }
func (e tempErr) Temporary() bool { return true }

var errCursorExpired = errors.New("410 Gone: index cursor expired")

// fakeRegistry serves a fixed index; the responses of each cursor are
// consumed in order and the last one repeats.
type fakeRegistry struct {
	mu       sync.Mutex
	pages    map[string][]func() (Page, error)
	tarballs map[string][]byte
}

func (f *fakeRegistry) Index(ctx context.Context, cursor string) (Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rs := f.pages[cursor]
	if len(rs) == 0 {
		return Page{}, fmt.Errorf("unknown cursor %q", cursor)
	}
	r := rs[0]
	if len(rs) > 1 {
		f.pages[cursor] = rs[1:]
	}
	return r()
}

func (f *fakeRegistry) Tarball(ctx context.Context, e Entry) (io.ReadCloser, error) {
	data, ok := f.tarballs[e.Key()]
	if !ok {
		return nil, fmt.Errorf("404 %s", e.Key())
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

type memStore struct {
	mu   sync.Mutex
	objs map[string][]byte
}

func (s *memStore) Has(ctx context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.objs[key]
	return ok, nil
}

func (s *memStore) Put(ctx context.Context, key string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objs[key] = data
	return nil
}

func entry(name, version string, data []byte) Entry {
	sum := sha256.Sum256(data)
	return Entry{Name: name, Version: version, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
}

func TestSyncIndexCursorExpires(t *testing.T) {
	defer goleak.VerifyNone(t)

	leftpad := []byte("left-pad 1.3.0 tarball")
	isodd := []byte("is-odd 3.0.1 tarball")
	reg := &fakeRegistry{
		tarballs: map[string][]byte{
			entry("left-pad", "1.3.0", nil).Key(): leftpad,
		},
		pages: map[string][]func() (Page, error){
			"": {func() (Page, error) {
				yanked := entry("event-stream", "3.3.6", nil)
				yanked.Yanked = true
				return Page{
					Entries: []Entry{entry("left-pad", "1.3.0", leftpad), entry("is-odd", "3.0.1", isodd), yanked},
					Next:    "c2",
				}, nil
			}},
			"c2": {
				func() (Page, error) { return Page{}, tempErr{"503 Service Unavailable"} },
				func() (Page, error) { return Page{}, errCursorExpired },
			},
		},
	}
	store := &memStore{objs: map[string][]byte{
		entry("is-odd", "3.0.1", nil).Key(): isodd,
	}}

	m := New(reg, store, WithWorkers(2), WithRetry(3, 10*time.Millisecond), WithClock(instantClock{}))
	rep, err := m.Sync(context.Background())
	if !errors.Is(err, errCursorExpired) {
		t.Fatalf("Sync: got %v, want %v", err, errCursorExpired)
	}
	if !rep.Truncated || rep.Pages != 1 || rep.Listed != 3 || rep.Skipped != 2 {
		t.Errorf("report = %+v, want truncated after 1 page with 3 listed and 2 skipped", rep)
	}
}
