// Package crawler keeps the podcast directory fresh: it fetches RSS feeds,
// records episodes it has not seen before and mirrors show and episode
// artwork, while never hitting any single host faster than its allowance.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// ErrClosed is returned after the crawler has been closed.
var ErrClosed = errors.New("crawler: closed")

// Response is a fetched resource.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// Fetcher performs HTTP GETs. Implementations follow redirects themselves.
type Fetcher interface {
	Get(ctx context.Context, rawURL string) (*Response, error)
}

// EpisodeStore persists episodes and answers whether one is already known.
type EpisodeStore interface {
	Known(ctx context.Context, feedURL, guid string) (bool, error)
	SaveEpisode(ctx context.Context, ep Episode) error
}

// ArtworkStore persists mirrored images under a stable key.
type ArtworkStore interface {
	PutArtwork(ctx context.Context, key, contentType string, data []byte) error
}

// Options tune the crawler. Zero values select defaults.
type Options struct {
	// HostBurst is how many requests a host may receive back to back.
	HostBurst int
	// HostInterval is how often one more request is allowed per host.
	HostInterval time.Duration
	// MaxArtworkBytes rejects images larger than this.
	MaxArtworkBytes int
}

// Crawler crawls feeds. It is safe for concurrent use.
type Crawler struct {
	fetch    Fetcher
	episodes EpisodeStore
	artwork  ArtworkStore
	opts     Options

	mu     sync.Mutex
	hosts  map[string]*hostLimiter
	closed bool
}

// New returns a Crawler.
func New(f Fetcher, es EpisodeStore, as ArtworkStore, opts Options) *Crawler {
	if opts.HostBurst <= 0 {
		opts.HostBurst = 4
	}
	if opts.HostInterval <= 0 {
		opts.HostInterval = time.Second
	}
	if opts.MaxArtworkBytes <= 0 {
		opts.MaxArtworkBytes = 5 << 20
	}
	return &Crawler{
		fetch:    f,
		episodes: es,
		artwork:  as,
		opts:     opts,
		hosts:    make(map[string]*hostLimiter),
	}
}

// CrawlReport summarises one feed crawl.
type CrawlReport struct {
	Feed        string
	NewEpisodes int
	Artwork     int
	Errors      []error
}

// CrawlFeed fetches feedURL, saves unseen episodes and mirrors their
// artwork. Artwork failures are collected in the report rather than failing
// the crawl; the feed itself failing is an error.
func (c *Crawler) CrawlFeed(ctx context.Context, feedURL string) (CrawlReport, error) {
	rep := CrawlReport{Feed: feedURL}
	resp, err := c.get(ctx, feedURL)
	if err != nil {
		return rep, fmt.Errorf("fetch feed: %w", err)
	}
	if resp.Status != 200 {
		return rep, fmt.Errorf("fetch feed %s: status %d", feedURL, resp.Status)
	}
	ch, err := parseFeed(resp.Body)
	if err != nil {
		return rep, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}

	images := make(map[string]bool)
	if ch.Image != "" {
		images[ch.Image] = true
	}
	for _, ep := range dedupe(ch.Episodes) {
		ep.Feed = feedURL
		known, err := c.episodes.Known(ctx, feedURL, ep.GUID)
		if err != nil {
			return rep, fmt.Errorf("lookup episode %s: %w", ep.GUID, err)
		}
		if known {
			continue
		}
		if err := c.episodes.SaveEpisode(ctx, ep); err != nil {
			return rep, fmt.Errorf("save episode %s: %w", ep.GUID, err)
		}
		rep.NewEpisodes++
		if ep.Image != "" {
			images[ep.Image] = true
		}
	}

	for _, img := range sortedKeys(images) {
		if err := c.mirrorArtwork(ctx, img); err != nil {
			rep.Errors = append(rep.Errors, err)
			continue
		}
		rep.Artwork++
	}
	return rep, nil
}

// get waits for the target host's allowance and then fetches rawURL.
func (c *Crawler) get(ctx context.Context, rawURL string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse url %q: %w", rawURL, err)
	}
	lim, err := c.limiter(u.Host)
	if err != nil {
		return nil, err
	}
	if err := lim.wait(ctx); err != nil {
		return nil, fmt.Errorf("wait for %s: %w", u.Host, err)
	}
	return c.fetch.Get(ctx, rawURL)
}

// limiter returns the limiter for host, creating it on first use.
func (c *Crawler) limiter(host string) (*hostLimiter, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	l, ok := c.hosts[host]
	if !ok {
		l = newHostLimiter(c.opts.HostBurst, c.opts.HostInterval)
		c.hosts[host] = l
	}
	return l, nil
}

// Close stops all per-host limiters. Crawls in flight fail with ErrClosed
// at their next request.
func (c *Crawler) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	for host, l := range c.hosts {
		l.stop()
		delete(c.hosts, host)
	}
	return nil
}
