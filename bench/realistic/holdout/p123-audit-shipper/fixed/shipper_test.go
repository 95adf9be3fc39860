package auditship

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// memJournal serves a fixed set of entries and then waits for more.
type memJournal struct {
	mu        sync.Mutex
	entries   []Entry
	next      int
	committed uint64
}

func newMemJournal(n int) *memJournal {
	j := &memJournal{}
	base := time.Date(2023, 9, 1, 12, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		j.entries = append(j.entries, Entry{
			Seq:      uint64(i),
			Time:     base.Add(time.Duration(i) * time.Second),
			Actor:    "svc-billing",
			Action:   "invoice.update",
			Resource: fmt.Sprintf("invoice/%d", 1000+i),
		})
	}
	return j
}

func (j *memJournal) Next(ctx context.Context) (Entry, error) {
	j.mu.Lock()
	if j.next < len(j.entries) {
		e := j.entries[j.next]
		j.next++
		j.mu.Unlock()
		return e, nil
	}
	j.mu.Unlock()
	<-ctx.Done()
	return Entry{}, ctx.Err()
}

func (j *memJournal) Commit(seq uint64) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.committed = seq
	return nil
}

// scriptedCollector answers uploads with a scripted list of statuses.
type scriptedCollector struct {
	mu       sync.Mutex
	statuses []int
	verify   *Signer
	got      []*Batch
}

func (c *scriptedCollector) Upload(ctx context.Context, b *Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.verify.Verify(b) {
		return &UploadError{StatusCode: 400, Err: errors.New("bad signature")}
	}
	c.got = append(c.got, b)
	status := 200
	if len(c.statuses) > 0 {
		status, c.statuses = c.statuses[0], c.statuses[1:]
	}
	if status != 200 {
		return &UploadError{StatusCode: status, Err: fmt.Errorf("collector returned %d", status)}
	}
	return nil
}

// fakeClock never fires the flush timer, so batches are only cut by size,
// and fires every other timer (backoff) immediately.
type fakeClock struct {
	flush time.Duration
}

func (c *fakeClock) Now() time.Time { return time.Unix(0, 0) }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	if d != c.flush {
		ch <- time.Unix(0, 0)
	}
	return ch
}

func TestRunStopsOnRejectedBatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	key := []byte("0123456789abcdef0123456789abcdef")
	signer, err := NewSigner("host-a", "k1", key, "")
	if err != nil {
		t.Fatal(err)
	}
	verifier, _ := NewSigner("host-a", "k1", key, "")
	journal := newMemJournal(64)
	collector := &scriptedCollector{statuses: []int{200, 503, 413}, verify: verifier}

	s, err := New(Config{
		Journal:       journal,
		Uploader:      collector,
		Signer:        signer,
		BatchSize:     8,
		FlushInterval: time.Hour,
		Clock:         &fakeClock{flush: time.Hour},
	})
	if err != nil {
		t.Fatal(err)
	}

	err = s.Run(context.Background())
	var ue *UploadError
	if !errors.As(err, &ue) || ue.StatusCode != 413 {
		t.Fatalf("Run error = %v, want 413 rejection", err)
	}
	if journal.committed != 8 {
		t.Fatalf("committed = %d, want 8", journal.committed)
	}
	if len(collector.got) != 3 || collector.got[1].Prev != collector.got[0].Signature {
		t.Fatalf("unexpected upload sequence: %d batches", len(collector.got))
	}
}
