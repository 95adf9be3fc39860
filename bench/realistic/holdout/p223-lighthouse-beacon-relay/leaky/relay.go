// Package relay fans lighthouse station reports out to the consoles of the
// coast guard and to downstream notice-to-mariners services.
package relay

import (
	"context"
	"errors"
	"log"
	"os"
	"sort"
	"sync"
	"time"
)

// Config tunes a Relay.
type Config struct {
	QueueLen       int
	DeliverTimeout time.Duration
	MaxAttempts    int
	RetryBackoff   time.Duration
	Logger         *log.Logger
}

// Option changes the Config.
type Option func(*Config)

// WithQueueLen sets the per-subscriber queue length.
func WithQueueLen(n int) Option { return func(c *Config) { c.QueueLen = n } }

// WithRetry sets delivery attempts and the pause between them.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(c *Config) { c.MaxAttempts, c.RetryBackoff = attempts, backoff }
}

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Stats are relay-wide counters.
type Stats struct {
	Published   int
	Dropped     int
	Failed      int
	Subscribers int
}

// ErrClosed is returned after Close.
var ErrClosed = errors.New("relay: closed")

// Relay distributes beacons to subscribers, each served by its own
// forwarding goroutine so a slow console cannot hold up the others.
type Relay struct {
	cfg Config

	mu     sync.RWMutex
	subs   map[string]*subscription
	last   map[string]Beacon
	closed bool

	statsMu sync.Mutex
	stats   Stats
}

// New creates a relay.
func New(opts ...Option) *Relay {
	cfg := Config{
		QueueLen:       64,
		DeliverTimeout: 3 * time.Second,
		MaxAttempts:    3,
		RetryBackoff:   200 * time.Millisecond,
		Logger:         log.New(os.Stderr, "relay: ", log.LstdFlags),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.QueueLen < 1 {
		cfg.QueueLen = 1
	}
	if cfg.MaxAttempts < 1 {
		cfg.MaxAttempts = 1
	}
	return &Relay{
		cfg:  cfg,
		subs: make(map[string]*subscription),
		last: make(map[string]Beacon),
	}
}

// Publish validates b, records it as the station's latest state and queues
// it for every matching subscriber. Subscribers whose queue is full miss the
// report; it is counted as dropped.
func (r *Relay) Publish(ctx context.Context, b Beacon) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}

	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	if prev, ok := r.last[b.Station]; ok && prev.At.After(b.At) {
		r.mu.Unlock()
		r.cfg.Logger.Printf("station %s: ignoring out-of-order report from %s", b.Station, b.At)
		return nil
	}
	r.last[b.Station] = b
	dropped := 0
	for _, s := range r.subs {
		if !s.filter.match(b) {
			continue
		}
		select {
		case s.feed <- b:
		default:
			dropped++
			r.cfg.Logger.Printf("subscriber %s: queue full, dropping %s report", s.id, b.Station)
		}
	}
	r.mu.Unlock()

	r.count(func(st *Stats) {
		st.Published++
		st.Dropped += dropped
	})
	return nil
}

// Snapshot returns the latest report of every station, ordered by station.
func (r *Relay) Snapshot() []Beacon {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Beacon, 0, len(r.last))
	for _, b := range r.last {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Station < out[j].Station })
	return out
}

// Stats returns a copy of the counters.
func (r *Relay) Stats() Stats {
	r.mu.RLock()
	n := len(r.subs)
	r.mu.RUnlock()
	r.statsMu.Lock()
	defer r.statsMu.Unlock()
	st := r.stats
	st.Subscribers = n
	return st
}

func (r *Relay) count(f func(*Stats)) {
	r.statsMu.Lock()
	f(&r.stats)
	r.statsMu.Unlock()
}

// Close detaches every subscriber. Reports still queued are discarded.
func (r *Relay) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	for id, s := range r.subs {
		s.close()
		delete(r.subs, id)
	}
}
