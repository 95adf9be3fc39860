package filesync

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"go.uber.org/goleak"
)

var errQuota = errors.New("quota exceeded")

// memStore accepts uploads until its quota of objects is used up.
type memStore struct {
	mu      sync.Mutex
	quota   int
	objects map[string][]byte
}

func (s *memStore) Put(ctx context.Context, name string, body io.Reader) error {
	s.mu.Lock()
	full := len(s.objects) >= s.quota
	s.mu.Unlock()
	if full {
		return errQuota
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[name] = data
	return nil
}

func (s *memStore) Delete(ctx context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, name)
	return nil
}

func TestRunReportsFailedUploads(t *testing.T) {
	defer goleak.VerifyNone(t)

	fsys := fstest.MapFS{
		"notes.txt":  {Data: []byte("meeting at ten\n")},
		"report.csv": {Data: []byte("a,b\n1,2\n")},
	}
	store := &memStore{quota: 1, objects: map[string][]byte{}}
	var failed []string
	c := NewClient(fsys, store, Config{
		Quiet:   20 * time.Millisecond,
		OnError: func(path string, err error) { failed = append(failed, path) },
	})

	events := make(chan Event)
	go func() {
		defer close(events)
		events <- Event{Path: "notes.txt", Op: Create}
		events <- Event{Path: "notes.txt", Op: Write}
		events <- Event{Path: "report.csv", Op: Write}
	}()

	synced, err := c.Run(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	if synced != 1 || len(failed) != 1 {
		t.Fatalf("synced %d, failed %v; want 1 and 1", synced, failed)
	}
}
