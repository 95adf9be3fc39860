package backup

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSource struct {
	data   []byte
	closed chan struct{}
}

func (s *fakeSource) OpenSnapshot(_ context.Context, volume string) (string, io.ReadCloser, error) {
	return "snap-" + volume + "-1", &trackedReader{Reader: bytes.NewReader(s.data), closed: s.closed}, nil
}

type trackedReader struct {
	io.Reader
	closed chan struct{}
	once   sync.Once
}

func (r *trackedReader) Close() error {
	r.once.Do(func() { close(r.closed) })
	return nil
}

var errQuota = errors.New("403 Forbidden: bucket quota exceeded")

// rejectingStore refuses every upload before reading the body, as object
// stores do when a pre-flight check fails.
type rejectingStore struct {
	mu   sync.Mutex
	puts []string
}

func (s *rejectingStore) Put(_ context.Context, key string, _ io.Reader) error {
	s.mu.Lock()
	s.puts = append(s.puts, key)
	s.mu.Unlock()
	return errQuota
}

func (s *rejectingStore) List(context.Context, string) ([]string, error) { return nil, nil }

func (s *rejectingStore) Delete(context.Context, string) error { return nil }

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestBackupUploadRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{
		data:   []byte(strings.Repeat("block of volume data\n", 4096)),
		closed: make(chan struct{}),
	}
	store := &rejectingStore{}
	a, err := New(src, store,
		WithPrefix("nightly"),
		WithClock(fixedClock{time.Date(2023, 5, 4, 3, 2, 1, 0, time.UTC)}),
		WithLogger(t.Logf),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	m, err := a.Backup(context.Background(), "db01")
	if !errors.Is(err, errQuota) {
		t.Fatalf("Backup error = %v, want %v", err, errQuota)
	}
	if m != nil {
		t.Fatalf("Backup returned manifest %+v on failure", m)
	}

	select {
	case <-src.closed:
	default:
		t.Error("snapshot was not released after failed upload")
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if want := "nightly/db01/20230504T030201Z.tar.gz"; len(store.puts) != 1 || store.puts[0] != want {
		t.Errorf("puts = %v, want [%s]", store.puts, want)
	}
}
