// Package podcast polls podcast RSS feeds, extracts their episodes and keeps
// a search index up to date.
//
// Polling is incremental: the indexer remembers each feed's ETag and a
// digest of its last body, and only pushes episodes to the index when the
// feed actually changed.
package podcast

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Response is what a Fetcher returns for a feed URL.
type Response struct {
	// Body is the feed document. It is nil when NotModified is set.
	Body io.ReadCloser
	// ETag is the validator to send on the next poll.
	ETag string
	// NotModified is set when the server answered a conditional request
	// with 304 Not Modified.
	NotModified bool
}

// Fetcher retrieves feeds, typically over HTTP with If-None-Match.
type Fetcher interface {
	Fetch(ctx context.Context, url, etag string) (*Response, error)
}

// FeedState is what the indexer remembers about a feed between polls.
type FeedState struct {
	ETag       string
	Digest     string
	Episodes   int
	LastPolled time.Time
	LastError  string
}

// StateStore persists FeedState. Get returns an error wrapping ErrNotFound
// for feeds that were never polled.
type StateStore interface {
	Get(ctx context.Context, feedURL string) (FeedState, error)
	Put(ctx context.Context, feedURL string, st FeedState) error
}

// SearchIndex accepts newline-delimited JSON bulk requests.
type SearchIndex interface {
	Bulk(ctx context.Context, body io.Reader) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// ErrNotFound is returned by StateStore implementations for unknown feeds.
var ErrNotFound = errors.New("podcast: feed state not found")

// Config configures an Indexer.
type Config struct {
	Fetcher Fetcher
	State   StateStore
	Index   SearchIndex
	// IndexName is the search index episodes are written to.
	// Defaults to "episodes".
	IndexName string
	// MaxFeedBytes caps how much of a feed body is read. Defaults to 16 MiB.
	MaxFeedBytes int64
	// MaxEpisodes caps how many of the newest episodes are indexed per
	// feed. Defaults to 500.
	MaxEpisodes int
	// Concurrency bounds PollAll. Defaults to 4.
	Concurrency int
	Clock       Clock
}

// Outcome describes what a poll did.
type Outcome int

const (
	// NotModified means the server reported no change.
	NotModified Outcome = iota + 1
	// Unchanged means the body was fetched but matched the last digest.
	Unchanged
	// Updated means episodes were pushed to the index.
	Updated
)

// Indexer polls feeds and updates the search index.
type Indexer struct {
	cfg Config
}

// New returns an Indexer for cfg.
func New(cfg Config) (*Indexer, error) {
	if cfg.Fetcher == nil || cfg.State == nil || cfg.Index == nil {
		return nil, errors.New("podcast: fetcher, state store and index are required")
	}
	if cfg.IndexName == "" {
		cfg.IndexName = "episodes"
	}
	if cfg.MaxFeedBytes <= 0 {
		cfg.MaxFeedBytes = 16 << 20
	}
	if cfg.MaxEpisodes <= 0 {
		cfg.MaxEpisodes = 500
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &Indexer{cfg: cfg}, nil
}

// Poll fetches feedURL and, if it changed, indexes its episodes. The stored
// state is only advanced once the index accepted the episodes, so a failed
// push is retried on the next poll.
func (ix *Indexer) Poll(ctx context.Context, feedURL string) (Outcome, error) {
	st, err := ix.cfg.State.Get(ctx, feedURL)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("podcast: load state for %s: %w", feedURL, err)
	}
	now := ix.cfg.Clock.Now()

	resp, err := ix.cfg.Fetcher.Fetch(ctx, feedURL, st.ETag)
	if err != nil {
		return 0, fmt.Errorf("podcast: fetch %s: %w", feedURL, err)
	}
	if resp.NotModified {
		st.LastPolled = now
		return NotModified, ix.save(ctx, feedURL, st)
	}
	defer resp.Body.Close()

	h := sha256.New()
	body := io.TeeReader(io.LimitReader(resp.Body, ix.cfg.MaxFeedBytes), h)
	doc, err := decodeRSS(body)
	if err != nil {
		return 0, fmt.Errorf("podcast: parse %s: %w", feedURL, err)
	}
	// Hash whatever follows the closing tag too, so the digest covers the
	// whole body.
	if _, err := io.Copy(io.Discard, body); err != nil {
		return 0, fmt.Errorf("podcast: read %s: %w", feedURL, err)
	}
	digest := hex.EncodeToString(h.Sum(nil))

	st.ETag = resp.ETag
	st.LastPolled = now
	if digest == st.Digest {
		return Unchanged, ix.save(ctx, feedURL, st)
	}

	eps := doc.episodes(feedURL, ix.cfg.MaxEpisodes)
	if err := ix.pushEpisodes(ctx, eps); err != nil {
		return 0, fmt.Errorf("podcast: index %s: %w", feedURL, err)
	}
	st.Digest = digest
	st.Episodes = len(eps)
	return Updated, ix.save(ctx, feedURL, st)
}

func (ix *Indexer) save(ctx context.Context, feedURL string, st FeedState) error {
	if err := ix.cfg.State.Put(ctx, feedURL, st); err != nil {
		return fmt.Errorf("podcast: save state for %s: %w", feedURL, err)
	}
	return nil
}

// PollAll polls feeds with bounded concurrency and returns the error of
// every feed that failed.
func (ix *Indexer) PollAll(ctx context.Context, feeds []string) map[string]error {
	var (
		mu   sync.Mutex
		errs = make(map[string]error)
		wg   sync.WaitGroup
		sem  = make(chan struct{}, ix.cfg.Concurrency)
	)
	for _, feed := range feeds {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			mu.Lock()
			errs[feed] = ctx.Err()
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func(feed string) {
			defer wg.Done()
			defer func() { <-sem }()
			if _, err := ix.Poll(ctx, feed); err != nil {
				mu.Lock()
				errs[feed] = err
				mu.Unlock()
			}
		}(feed)
	}
	wg.Wait()
	return errs
}
