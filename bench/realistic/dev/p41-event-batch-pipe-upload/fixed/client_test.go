package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSendBatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	var mu sync.Mutex
	lines := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sc := bufio.NewScanner(zr)
		mu.Lock()
		for sc.Scan() {
			lines++
		}
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()

	c := NewClient(srv.URL, "k-test", WithHTTPClient(srv.Client()))
	now := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
	batch := []Event{{Name: "page_view", UserID: "u1", Time: now}, {Name: "add_to_cart", UserID: "u1", Time: now}}
	ctx := context.Background()
	if err := c.SendBatch(ctx, "web", batch); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if lines != 2 {
		t.Errorf("server got %d events, want 2", lines)
	}
	mu.Unlock()

	// A stream name read from a file with its trailing newline.
	if err := c.SendBatch(ctx, "web\n", batch); err == nil {
		t.Fatal("want an error for a stream name with a control character")
	}
}
