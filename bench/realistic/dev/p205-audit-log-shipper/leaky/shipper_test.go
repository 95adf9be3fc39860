package auditship

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// fakeSink rejects uploads with err while down is set, the way an object
// store rejects a request with an expired token before reading its body.
type fakeSink struct {
	mu      sync.Mutex
	down    bool
	err     error
	objects map[string][]byte
	calls   int
}

func (f *fakeSink) Upload(ctx context.Context, object string, body io.Reader) error {
	f.mu.Lock()
	f.calls++
	down, err := f.down, f.err
	f.mu.Unlock()
	if down {
		return err
	}
	data, rerr := io.ReadAll(body)
	if rerr != nil {
		return rerr
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.objects == nil {
		f.objects = make(map[string][]byte)
	}
	f.objects[object] = data
	return nil
}

func (f *fakeSink) setDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func testEvents(n int, at time.Time) []Event {
	evs := make([]Event, n)
	for i := range evs {
		evs[i] = Event{
			ID:       fmt.Sprintf("evt-%03d", i),
			Time:     at.Add(time.Duration(i) * time.Second),
			Actor:    "user:alice",
			Action:   "secrets.read",
			Resource: fmt.Sprintf("vault/kv/app-%d", i),
			Outcome:  "allowed",
		}
	}
	return evs
}

func TestRejectedBatchIsSpooledAndReplayed(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	now := time.Date(2023, 3, 14, 9, 26, 53, 0, time.UTC)
	sink := &fakeSink{down: true, err: errors.New("403 Forbidden: ExpiredToken")}
	spool, err := NewDirSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{
		Sink:      sink,
		Spool:     spool,
		BatchSize: 3,
		Clock:     fixedClock{now},
		Logf:      t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, ev := range testEvents(3, now) {
		if err := s.Log(ctx, ev); err != nil {
			t.Fatalf("Log(%s): %v", ev.ID, err)
		}
	}

	names, err := spool.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 {
		t.Fatalf("spooled %d batches, want 1", len(names))
	}
	data, err := spool.Get(names[0])
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadBatch(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[2].ID != "evt-002" {
		t.Fatalf("spooled batch = %+v", got)
	}

	sink.setDown(false)
	n, err := s.Replay(ctx)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if n != 1 {
		t.Fatalf("replayed %d batches, want 1", n)
	}
	if left, _ := spool.List(); len(left) != 0 {
		t.Fatalf("spool still holds %v after replay", left)
	}
	if _, ok := sink.objects[names[0]]; !ok {
		t.Fatalf("sink has no object %q", names[0])
	}

	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
