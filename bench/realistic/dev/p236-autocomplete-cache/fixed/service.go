// Package autocomplete serves search-as-you-type suggestions.
//
// Suggestions come from a ranking backend that is comparatively slow, so the
// service keeps an LRU cache of recent prefixes, coalesces concurrent
// requests for the same prefix into one backend call, and can warm the cache
// with the most popular prefixes at startup.
package autocomplete

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// ErrPrefixTooShort is returned for prefixes shorter than
// Options.MinPrefixLen; such prefixes match too much to be useful.
var ErrPrefixTooShort = errors.New("autocomplete: prefix too short")

// Suggestion is one completion of a prefix.
type Suggestion struct {
	Text  string
	Score float64
}

// Backend computes suggestions, best first.
type Backend interface {
	Complete(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
}

// PrefixIterator walks a list of prefixes.
type PrefixIterator interface {
	Next() bool
	Prefix() string
	Err() error
	Close() error
}

// PopularityStore knows which prefixes are typed the most.
type PopularityStore interface {
	// TopPrefixes iterates over the n most popular prefixes, most popular
	// first.
	TopPrefixes(ctx context.Context, n int) (PrefixIterator, error)
}

// Options configures a Service. Zero values select defaults.
type Options struct {
	MaxResults    int           // suggestions per prefix; default 10
	MinPrefixLen  int           // default 1
	CacheSize     int           // prefixes kept; default 10000
	CacheTTL      time.Duration // default 10 minutes
	FetchTimeout  time.Duration // per backend call; default 2 seconds
	WarmupLimit   int           // prefixes loaded by Warmup; default 1000
	WarmupWorkers int           // concurrent backend calls during Warmup; default 4
	Clock         Clock
}

// Service answers autocomplete requests.
type Service struct {
	opts    Options
	backend Backend
	popular PopularityStore
	cache   *prefixCache

	mu       sync.Mutex
	inflight map[string]*call
}

// call is a backend request shared by every caller asking for the same
// prefix while it runs.
type call struct {
	done chan struct{}
	res  []Suggestion
	err  error
}

// New returns a Service. popular may be nil if Warmup is not used.
func New(backend Backend, popular PopularityStore, opts Options) *Service {
	if opts.MaxResults <= 0 {
		opts.MaxResults = 10
	}
	if opts.MinPrefixLen <= 0 {
		opts.MinPrefixLen = 1
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = 10000
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = 10 * time.Minute
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = 2 * time.Second
	}
	if opts.WarmupLimit <= 0 {
		opts.WarmupLimit = 1000
	}
	if opts.WarmupWorkers <= 0 {
		opts.WarmupWorkers = 4
	}
	if opts.Clock == nil {
		opts.Clock = systemClock{}
	}
	return &Service{
		opts:     opts,
		backend:  backend,
		popular:  popular,
		cache:    newPrefixCache(opts.CacheSize, opts.CacheTTL, opts.Clock),
		inflight: make(map[string]*call),
	}
}

// Suggest returns up to limit completions of prefix. A limit of zero or more
// than Options.MaxResults means Options.MaxResults.
func (s *Service) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	key := normalize(prefix)
	if len([]rune(key)) < s.opts.MinPrefixLen {
		return nil, ErrPrefixTooShort
	}
	if limit <= 0 || limit > s.opts.MaxResults {
		limit = s.opts.MaxResults
	}
	sugg, ok := s.cache.get(key)
	if !ok {
		var err error
		if sugg, err = s.coalesce(ctx, key); err != nil {
			return nil, fmt.Errorf("autocomplete: suggest %q: %w", prefix, err)
		}
	}
	if len(sugg) > limit {
		sugg = sugg[:limit]
	}
	return sugg, nil
}

// coalesce fetches suggestions for key from the backend, sharing the call
// with concurrent callers. The backend call is not tied to ctx: if the
// caller gives up, the result is still cached for the next keystroke.
func (s *Service) coalesce(ctx context.Context, key string) ([]Suggestion, error) {
	s.mu.Lock()
	c, ok := s.inflight[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		s.inflight[key] = c
		go s.fetch(key, c)
	}
	s.mu.Unlock()

	select {
	case <-c.done:
		return c.res, c.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Service) fetch(key string, c *call) {
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.FetchTimeout)
	defer cancel()

	c.res, c.err = s.backend.Complete(ctx, key, s.opts.MaxResults)
	if c.err == nil {
		s.cache.put(key, c.res, len(c.res) < s.opts.MaxResults)
	}

	s.mu.Lock()
	delete(s.inflight, key)
	s.mu.Unlock()
	close(c.done)
}

// Warmup fills the cache with the most popular prefixes. It returns the
// number of prefixes loaded. Prefixes the backend fails on are skipped.
func (s *Service) Warmup(ctx context.Context) (int, error) {
	if s.popular == nil {
		return 0, errors.New("autocomplete: warmup: no popularity store configured")
	}
	it, err := s.popular.TopPrefixes(ctx, s.opts.WarmupLimit)
	if err != nil {
		return 0, fmt.Errorf("autocomplete: warmup: %w", err)
	}
	defer it.Close()

	var (
		loaded   int64
		wg       sync.WaitGroup
		prefixes = make(chan string)
	)
	for i := 0; i < s.opts.WarmupWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range prefixes {
				if _, err := s.coalesce(ctx, p); err == nil {
					atomic.AddInt64(&loaded, 1)
				}
			}
		}()
	}

feed:
	for it.Next() {
		key := normalize(it.Prefix())
		if len([]rune(key)) < s.opts.MinPrefixLen {
			continue
		}
		select {
		case prefixes <- key:
		case <-ctx.Done():
			break feed
		}
	}
	close(prefixes)
	wg.Wait()

	n := int(atomic.LoadInt64(&loaded))
	if err := it.Err(); err != nil {
		return n, fmt.Errorf("autocomplete: warmup: reading popular prefixes: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return n, fmt.Errorf("autocomplete: warmup interrupted after %d prefixes: %w", n, err)
	}
	return n, nil
}

// normalize lower-cases prefix and collapses runs of white space, keeping
// a trailing space since it separates words the user has finished typing.
func normalize(prefix string) string {
	trailing := strings.HasSuffix(prefix, " ")
	key := strings.Join(strings.FieldsFunc(strings.ToLower(prefix), unicode.IsSpace), " ")
	if trailing && key != "" {
		key += " "
	}
	return key
}
