package crawl

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// siteMap is an in-memory web: page -> links on it.
type siteMap map[string][]string

func (m siteMap) Fetch(ctx context.Context, u *url.URL) ([]*url.URL, error) {
	raw, ok := m[u.String()]
	if !ok {
		return nil, fmt.Errorf("fetch %s: 404", u)
	}
	var out []*url.URL
	for _, r := range raw {
		l, err := u.Parse(r)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func TestCrawlVisitsEveryPageOnce(t *testing.T) {
	defer goleak.VerifyNone(t)

	web := siteMap{
		"http://a.test/":         {"/docs", "http://b.test/"},
		"http://a.test/docs":     {"/", "/docs/faq"},
		"http://a.test/docs/faq": {"http://b.test/"},
		"http://b.test/":         {"http://a.test/"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	pages, err := Crawl(ctx, NewFrontier(2*time.Millisecond), web, []string{"http://a.test/"}, Workers(3))
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	if len(pages) != len(web) {
		t.Fatalf("visited %d pages, want %d: %+v", len(pages), len(web), pages)
	}
	for _, p := range pages {
		if p.Err != nil {
			t.Errorf("%s: %v", p.URL, p.Err)
		}
	}
}
