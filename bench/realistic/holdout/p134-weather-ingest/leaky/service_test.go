package ingest

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

var errQuota = errors.New("bucket quota exceeded")

// fakeArchive stores objects in memory, or rejects them with failWith.
type fakeArchive struct {
	mu       sync.Mutex
	objects  map[string][]string
	failWith error
}

func (a *fakeArchive) Put(ctx context.Context, key string, body io.Reader) error {
	if a.failWith != nil {
		return a.failWith
	}
	var lines []string
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.objects == nil {
		a.objects = make(map[string][]string)
	}
	a.objects[key] = lines
	return nil
}

type fakeNotifier struct {
	mu     sync.Mutex
	alerts []Alert
}

func (n *fakeNotifier) Notify(ctx context.Context, a Alert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.alerts = append(n.alerts, a)
	return nil
}

const upload = `# station KX-114 hourly
2023-03-14T10:00:00Z, 11.5, 71, 1012.4, 4.2
2023-03-14T11:00:00Z, 12.1, 68, 1011.9, 21.7
2023-03-14T12:00:00Z, 13.0, 250, 1011.2, 5.0
2023-03-14T13:00:00Z, 13.4, 63, 1010.8, 6.1
2023-03-14T14:00:00Z, 13.9, 60, 1010.1, 6.4
`

func newTestService(t *testing.T, arch Archive, n Notifier) *Service {
	t.Helper()
	s, err := New(Config{
		Archive:    arch,
		Notifier:   n,
		Clock:      fixedClock{time.Date(2023, 3, 14, 15, 0, 0, 0, time.UTC)},
		Thresholds: Thresholds{GustMS: 20},
		KeyPrefix:  "raw/",
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIngestArchiveRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	// A healthy archive receives every accepted reading.
	okArch := &fakeArchive{}
	notes := &fakeNotifier{}
	rep, err := newTestService(t, okArch, notes).Ingest(context.Background(), "KX-114", strings.NewReader(upload))
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	if rep.Accepted != 4 || rep.Rejected != 1 || rep.Alerts != 1 {
		t.Fatalf("report = %+v", rep)
	}
	if got := len(okArch.objects[rep.Key]); got != 4 {
		t.Fatalf("archived %d lines, want 4", got)
	}

	// The archive refuses the object outright; alerts still go out.
	badArch := &fakeArchive{failWith: errQuota}
	notes = &fakeNotifier{}
	rep, err = newTestService(t, badArch, notes).Ingest(context.Background(), "KX-114", strings.NewReader(upload))
	if !errors.Is(err, errQuota) {
		t.Fatalf("Ingest err = %v, want %v", err, errQuota)
	}
	if rep.Accepted != 4 || len(notes.alerts) != 1 {
		t.Fatalf("report = %+v, alerts = %d", rep, len(notes.alerts))
	}
}
