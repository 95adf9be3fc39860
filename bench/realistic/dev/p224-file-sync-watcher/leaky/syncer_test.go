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

type fakeWatcher struct {
	events chan Event
	errs   chan error
}

func (w *fakeWatcher) Events() <-chan Event { return w.events }

func (w *fakeWatcher) Errors() <-chan error { return w.errs }

// fakeClock hands every timer it creates to the test, which decides when it
// fires.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers chan chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.timers <- ch
	return ch
}

func (c *fakeClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

var errQuota = errors.New("storage quota exceeded")

// fullStore rejects every upload before reading the body, as a storage
// service does once the account is over quota.
type fullStore struct{}

func (fullStore) Put(ctx context.Context, key string, body io.Reader, meta Meta) error {
	return errQuota
}

func (fullStore) Delete(ctx context.Context, key string) error { return nil }

type report struct {
	path string
	err  error
}

func TestUploadRejectedByStore(t *testing.T) {
	defer goleak.VerifyNone(t)

	base := time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"notes/todo.md": {Data: []byte("- renew certificates\n- rotate keys\n"), ModTime: base},
	}
	w := &fakeWatcher{events: make(chan Event), errs: make(chan error)}
	clock := &fakeClock{now: base, timers: make(chan chan time.Time)}
	reports := make(chan report, 4)

	s, err := New(Config{
		FS:       fsys,
		Watcher:  w,
		Store:    fullStore{},
		Prefix:   "laptop/",
		Compress: true,
		Clock:    clock,
		Report:   func(path string, err error) { reports <- report{path, err} },
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- s.Run(ctx) }()

	// An editor saves the file: it writes a swap file, then the file twice.
	w.events <- Event{Path: "notes/.todo.md.swp", Op: Create}
	w.events <- Event{Path: "notes/todo.md", Op: Create}
	<-clock.timers
	w.events <- Event{Path: "notes/todo.md", Op: Write}
	timer := <-clock.timers

	timer <- clock.Advance(2 * time.Second)
	r := <-reports
	if r.path != "notes/todo.md" || !errors.Is(r.err, errQuota) {
		t.Fatalf("report = %q, %v; want notes/todo.md, %v", r.path, r.err, errQuota)
	}

	cancel()
	if err := <-runErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	if len(reports) != 0 {
		t.Fatalf("unexpected extra report: %+v", <-reports)
	}
}
