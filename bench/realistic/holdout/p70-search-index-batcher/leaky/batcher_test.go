package indexer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeCluster rejects the first bulk request with 429 before reading the
// body, the way a node under indexing pressure sheds load, and accepts
// everything after that.
type fakeCluster struct {
	mu       sync.Mutex
	requests int
	indexed  []string
}

func (c *fakeCluster) Bulk(ctx context.Context, body io.Reader) error {
	c.mu.Lock()
	c.requests++
	n := c.requests
	c.mu.Unlock()
	if n == 1 {
		return &StatusError{Code: http.StatusTooManyRequests, Msg: "es_rejected_execution_exception"}
	}
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		var action bulkAction
		if err := json.Unmarshal(sc.Bytes(), &action); err != nil {
			return err
		}
		if !sc.Scan() {
			return errors.New("action line without source")
		}
		c.mu.Lock()
		c.indexed = append(c.indexed, action.Index.Index+"/"+action.Index.ID)
		c.mu.Unlock()
	}
	return sc.Err()
}

type stoppedTimer struct{}

func (stoppedTimer) Stop() bool { return true }

// manualClock never fires flush timers on its own and makes backoff
// waits return immediately.
type manualClock struct{}

func (manualClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func (manualClock) AfterFunc(time.Duration, func()) Timer { return stoppedTimer{} }

func TestAddRetriesRejectedBulk(t *testing.T) {
	defer goleak.VerifyNone(t)

	cluster := &fakeCluster{}
	b := New(cluster, Config{
		MaxDocs:     2,
		MaxRetries:  3,
		BackoffBase: 50 * time.Millisecond,
		Clock:       manualClock{},
	})
	ctx := context.Background()

	docs := []Document{
		{Index: "products", ID: "sku-1", Source: json.RawMessage(`{"name":"kettle","price":3499}`)},
		{Index: "products", ID: "sku-2", Source: json.RawMessage(`{"name":"toaster","price":2899}`)},
		{Index: "products", ID: "sku-3", Source: json.RawMessage(`{"name":"blender","price":5999}`)},
	}
	for _, d := range docs {
		if err := b.Add(ctx, d); err != nil {
			t.Fatalf("Add(%s): %v", d.ID, err)
		}
	}
	if err := b.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Add(ctx, docs[0]); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close = %v, want ErrClosed", err)
	}

	cluster.mu.Lock()
	defer cluster.mu.Unlock()
	if cluster.requests != 3 {
		t.Errorf("bulk requests = %d, want 3 (rejected, retried, final flush)", cluster.requests)
	}
	want := []string{"products/sku-1", "products/sku-2", "products/sku-3"}
	if len(cluster.indexed) != len(want) {
		t.Fatalf("indexed %v, want %v", cluster.indexed, want)
	}
	for i := range want {
		if cluster.indexed[i] != want[i] {
			t.Errorf("indexed[%d] = %s, want %s", i, cluster.indexed[i], want[i])
		}
	}
}
