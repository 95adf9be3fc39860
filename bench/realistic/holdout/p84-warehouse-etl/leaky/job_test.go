package etl

import (
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

type fakeSource struct {
	pages map[string]Page
}

func (s *fakeSource) FetchPage(ctx context.Context, cursor string) (Page, error) {
	p, ok := s.pages[cursor]
	if !ok {
		return Page{}, fmt.Errorf("unknown cursor %q", cursor)
	}
	return p, nil
}

type statusError struct{ code int }

func (e *statusError) Error() string   { return fmt.Sprintf("warehouse: HTTP %d", e.code) }
func (e *statusError) Temporary() bool { return e.code >= 500 || e.code == 429 }

// rejectingWarehouse answers every upload from its list of responses before
// reading the body, as a gateway does when it rejects a request on its
// headers alone.
type rejectingWarehouse struct {
	mu        sync.Mutex
	responses []error
	calls     int
}

func (w *rejectingWarehouse) Upload(ctx context.Context, table string, body io.Reader) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.responses[w.calls]
	w.calls++
	return err
}

type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func items(skus ...string) []Record {
	var out []Record
	for i, sku := range skus {
		out = append(out, Record(fmt.Sprintf(`{"sku":%q,"on_hand":%d}`, sku, 10*i)))
	}
	return out
}

func TestRunStopsWhenWarehouseRejectsBatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{pages: map[string]Page{
		"":   {Items: items("A-100", "A-101", "A-102"), NextCursor: "p2"},
		"p2": {Items: items("B-200", "B-201")},
	}}
	wh := &rejectingWarehouse{responses: []error{&statusError{503}, &statusError{401}}}
	job, err := NewJob(Config{
		Source:    src,
		Warehouse: wh,
		Table:     "inventory_snapshots",
		Workers:   2,
		BatchSize: 2,
		Clock:     instantClock{},
		Transform: func(ctx context.Context, rec Record) (Row, error) {
			var item struct {
				SKU     string `json:"sku"`
				OnHand  int    `json:"on_hand"`
				Deleted bool   `json:"deleted"`
			}
			if err := json.Unmarshal(rec, &item); err != nil {
				return Row{}, err
			}
			if item.Deleted {
				return Row{}, ErrSkip
			}
			return Row{Key: item.SKU, Fields: map[string]interface{}{"on_hand": item.OnHand}}, nil
		},
	})
	if err != nil {
		t.Fatalf("NewJob: %v", err)
	}

	st, err := job.Run(context.Background())
	var se *statusError
	if !errors.As(err, &se) || se.code != 401 {
		t.Fatalf("Run error = %v, want HTTP 401 from warehouse", err)
	}
	if st.Batches != 0 || st.Rows != 0 {
		t.Fatalf("stats = %+v, want nothing loaded", st)
	}
	if wh.calls != 2 {
		t.Fatalf("upload attempts = %d, want 2", wh.calls)
	}
}
