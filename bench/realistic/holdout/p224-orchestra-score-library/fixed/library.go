// Package scorelib runs the orchestra library's part desk: players and
// section leaders request parts of works in the catalogue, and a pool of
// copyists extracts, transposes and lays them out for printing.
package scorelib

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Archive loads full scores from the catalogue.
type Archive interface {
	Score(ctx context.Context, catalogID string) (*Score, error)
}

// Logger is satisfied by *log.Logger and testing.T-backed adapters.
type Logger interface {
	Printf(format string, args ...interface{})
}

type discard struct{}

func (discard) Printf(string, ...interface{}) {}

// Config configures a Library.
type Config struct {
	Copyists     int
	MaxCopies    int
	LoadTimeout  time.Duration
	Logger       Logger
	CacheEntries int
}

// Option modifies the Config.
type Option func(*Config)

// WithCopyists sets the number of concurrent copyists.
func WithCopyists(n int) Option { return func(c *Config) { c.Copyists = n } }

// WithMaxCopies caps the copies printed per request.
func WithMaxCopies(n int) Option { return func(c *Config) { c.MaxCopies = n } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(c *Config) { c.Logger = l } }

// PreparedPart is a finished part with its print order.
type PreparedPart struct {
	Part
	CatalogID string
	Copies    int
	Sheets    int
	Waited    time.Duration
}

// Request asks for copies of one instrument's part, needed by Due.
type Request struct {
	CatalogID  string
	Instrument string
	Copies     int
	Due        time.Time
}

// ErrClosed is returned once the library has been closed.
var ErrClosed = errors.New("scorelib: library closed")

// Library serves part requests.
type Library struct {
	cfg     Config
	archive Archive
	queue   *requestQueue
	pending sync.WaitGroup

	mu     sync.Mutex
	scores map[string]*Score
	served int
}

// New starts a library with its copyists.
func New(archive Archive, opts ...Option) (*Library, error) {
	if archive == nil {
		return nil, errors.New("scorelib: nil archive")
	}
	cfg := Config{Copyists: 2, MaxCopies: 40, LoadTimeout: 10 * time.Second, Logger: discard{}, CacheEntries: 32}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Copyists < 1 {
		return nil, fmt.Errorf("scorelib: need at least one copyist, got %d", cfg.Copyists)
	}
	l := &Library{
		cfg:     cfg,
		archive: archive,
		queue:   newRequestQueue(),
		scores:  make(map[string]*Score),
	}
	for i := 0; i < cfg.Copyists; i++ {
		go l.copyist(i)
	}
	return l, nil
}

// Prepare queues a request and waits for the finished part.
func (l *Library) Prepare(ctx context.Context, req Request) (*PreparedPart, error) {
	in, ok := LookupInstrument(req.Instrument)
	if !ok {
		return nil, fmt.Errorf("scorelib: unknown instrument %q", req.Instrument)
	}
	if req.Copies < 1 || req.Copies > l.cfg.MaxCopies {
		return nil, fmt.Errorf("scorelib: %d copies requested, allowed 1..%d", req.Copies, l.cfg.MaxCopies)
	}
	r := &request{
		catalogID:  req.CatalogID,
		instrument: in,
		copies:     req.Copies,
		due:        req.Due,
		queued:     time.Now(),
		reply:      make(chan result, 1),
	}
	l.pending.Add(1)
	if err := l.queue.push(r); err != nil {
		l.pending.Done()
		return nil, err
	}
	select {
	case res := <-r.reply:
		return res.part, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *Library) copyist(id int) {
	for {
		r, ok := l.queue.pop()
		if !ok {
			return
		}
		part, err := l.prepare(r)
		if err != nil {
			l.cfg.Logger.Printf("copyist %d: %s for %s: %v", id, r.instrument.Name, r.catalogID, err)
		}
		r.reply <- result{part: part, err: err}
		l.pending.Done()
	}
}

func (l *Library) prepare(r *request) (*PreparedPart, error) {
	s, err := l.score(r.catalogID)
	if err != nil {
		return nil, err
	}
	p, err := extractPart(s, r.instrument)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.served++
	l.mu.Unlock()
	return &PreparedPart{
		Part:      *p,
		CatalogID: r.catalogID,
		Copies:    r.copies,
		Sheets:    r.copies * ((p.Pages + 1) / 2),
		Waited:    time.Since(r.queued),
	}, nil
}

func (l *Library) score(id string) (*Score, error) {
	l.mu.Lock()
	s, ok := l.scores[id]
	l.mu.Unlock()
	if ok {
		return s, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.LoadTimeout)
	defer cancel()
	s, err := l.archive.Score(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("scorelib: load %s: %w", id, err)
	}
	l.mu.Lock()
	if len(l.scores) >= l.cfg.CacheEntries {
		for k := range l.scores {
			delete(l.scores, k)
			break
		}
	}
	l.scores[id] = s
	l.mu.Unlock()
	return s, nil
}

// Served reports how many parts have been prepared.
func (l *Library) Served() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.served
}

// Backlog reports the number of requests waiting for a copyist.
func (l *Library) Backlog() int { return l.queue.len() }

// Close stops accepting requests and waits until every queued request has
// been answered.
func (l *Library) Close() {
	l.queue.close()
	l.pending.Wait()
}
