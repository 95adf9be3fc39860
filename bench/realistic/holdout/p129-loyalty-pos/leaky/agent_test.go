package possync

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memQueue struct {
	mu    sync.Mutex
	sales []Sale
}

func (q *memQueue) Append(_ context.Context, s Sale) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sales = append(q.sales, s)
	return nil
}

func (q *memQueue) Peek(_ context.Context, limit int) ([]Sale, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if limit > len(q.sales) {
		limit = len(q.sales)
	}
	out := make([]Sale, limit)
	copy(out, q.sales[:limit])
	return out, nil
}

func (q *memQueue) Ack(_ context.Context, ids []string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	acked := make(map[string]bool, len(ids))
	for _, id := range ids {
		acked[id] = true
	}
	kept := q.sales[:0]
	for _, s := range q.sales {
		if !acked[s.ID] {
			kept = append(kept, s)
		}
	}
	q.sales = kept
	return nil
}

func (q *memQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.sales)
}

// headOffice reads the whole body when online and refuses the connection
// up front when offline, like a dialer with no route.
type headOffice struct {
	mu      sync.Mutex
	offline bool
	got     []Sale
	batches []BatchHeader
}

func (h *headOffice) UploadBatch(_ context.Context, hdr BatchHeader, body io.Reader) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.offline {
		return fmt.Errorf("dial loyalty.example: %w", ErrOffline)
	}
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		var s Sale
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return err
		}
		h.got = append(h.got, s)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	h.batches = append(h.batches, hdr)
	return nil
}

type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time                 { return c.now }
func (c fixedClock) NewTicker(time.Duration) Ticker { return nopTicker{} }
func (nopTicker) C() <-chan time.Time               { return nil }
func (nopTicker) Stop()                             {}

type nopTicker struct{}

func newTestAgent(t *testing.T, q Queue, up Uploader) *Agent {
	t.Helper()
	a, err := New(Config{StoreID: "S042", BatchSize: 2, PointsPerDollar: 3}, q, up,
		WithClock(fixedClock{now: time.Date(2023, 5, 1, 9, 0, 0, 0, time.UTC)}))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func recordSales(t *testing.T, a *Agent, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := a.Record(context.Background(), Sale{
			ID:         fmt.Sprintf("T1-%04d", i),
			TerminalID: "T1",
			MemberID:   "M-77",
			TotalCents: 1250,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestFlushUploadsBacklog(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := &memQueue{}
	ho := &headOffice{}
	a := newTestAgent(t, q, ho)
	recordSales(t, a, 5)

	n, err := a.Flush(context.Background())
	if err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if n != 5 || len(ho.got) != 5 || q.len() != 0 {
		t.Fatalf("sent=%d received=%d queued=%d, want 5/5/0", n, len(ho.got), q.len())
	}
	if len(ho.batches) != 3 {
		t.Fatalf("got %d batches, want 3", len(ho.batches))
	}
	if ho.got[0].Points != 36 {
		t.Fatalf("points = %d, want 36", ho.got[0].Points)
	}
}

func TestFlushOfflineKeepsSales(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := &memQueue{}
	ho := &headOffice{offline: true}
	a := newTestAgent(t, q, ho)
	recordSales(t, a, 3)

	n, err := a.Flush(context.Background())
	if !errors.Is(err, ErrOffline) {
		t.Fatalf("Flush error = %v, want ErrOffline", err)
	}
	if n != 0 || q.len() != 3 {
		t.Fatalf("sent=%d queued=%d, want 0/3", n, q.len())
	}
	if st := a.Status(); !errors.Is(st.LastError, ErrOffline) {
		t.Fatalf("status error = %v", st.LastError)
	}
}
