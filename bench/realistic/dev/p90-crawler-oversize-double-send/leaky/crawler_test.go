package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func site() http.Handler {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
	}
	mux.Handle("/", page(`<a href="/docs">docs</a> <a href="/blog">blog</a>`))
	mux.Handle("/docs", page(`<a href="/docs/install">install</a>`))
	mux.Handle("/docs/install", page(`apt-get install thing`))
	// The blog index is huge; the link to the archive is near the top.
	mux.Handle("/blog", page(`<a href="/blog/archive">archive</a>`+strings.Repeat("lorem ipsum ", 400)))
	mux.Handle("/blog/archive", page(`old posts`))
	return mux
}

func TestCrawlWithOversizePage(t *testing.T) {
	defer goleak.VerifyNone(t)

	ts := httptest.NewServer(site())
	defer ts.Close()

	c := New(ts.Client(), ts.URL, 1024)
	visited, errs := c.Crawl(context.Background(), "/", 2, 10)
	want := "/ /docs /blog /docs/install /blog/archive"
	if got := strings.Join(visited, " "); got != want {
		t.Errorf("visited %q, want %q", got, want)
	}
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}

	// A preview crawl with a small budget stops reading early.
	visited, _ = c.Crawl(context.Background(), "/", 2, 2)
	if got := strings.Join(visited, " "); got != "/ /docs" {
		t.Errorf("preview visited %q", got)
	}
	time.Sleep(20 * time.Millisecond) // let the abandoned fetch finish
}
