// Package alerts evaluates users' price alert rules against a stream of
// quotes and notifies users when their rules fire.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by methods called after Close.
var ErrClosed = errors.New("alerts: engine closed")

// Notifier delivers alerts to users (push, e-mail, webhooks, ...).
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Config tunes an Engine. The zero value is usable.
type Config struct {
	// Buffer is the number of quotes queued per symbol before new quotes
	// for that symbol are dropped. Defaults to 64.
	Buffer int
	// NotifyTimeout bounds a single Notify call. Defaults to 5s.
	NotifyTimeout time.Duration
	// OnError, if set, is called for every failed notification.
	OnError func(Alert, error)
}

// Stats are counters describing the engine's activity since it started.
type Stats struct {
	Quotes  uint64 // quotes routed to a worker
	Dropped uint64 // quotes dropped because a worker was backed up
	Ignored uint64 // quotes for symbols without rules
	Sent    uint64 // alerts delivered
	Failed  uint64 // alerts the notifier rejected
}

// Engine routes quotes to per-symbol workers that evaluate the rules.
type Engine struct {
	cfg      Config
	notifier Notifier
	ctx      context.Context
	cancel   context.CancelFunc

	quotes, dropped, ignored, sent, failed uint64 // atomic

	mu      sync.Mutex
	workers map[string]*symbolWorker
	closed  bool
}

// New returns an Engine with no rules; call Load to install some.
func New(n Notifier, cfg Config) *Engine {
	if cfg.Buffer <= 0 {
		cfg.Buffer = 64
	}
	if cfg.NotifyTimeout <= 0 {
		cfg.NotifyTimeout = 5 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{
		cfg:      cfg,
		notifier: n,
		ctx:      ctx,
		cancel:   cancel,
		workers:  make(map[string]*symbolWorker),
	}
}

// Load replaces the complete rule set. It is called at start-up and every
// time users edit their alerts. Rules are validated before anything is
// changed, so an invalid rule leaves the previous rule set in place.
func (e *Engine) Load(rules []Rule) error {
	bySymbol := make(map[string][]Rule)
	seen := make(map[string]bool, len(rules))
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if seen[r.ID] {
			return fmt.Errorf("load: %w: duplicate id %s", ErrInvalidRule, r.ID)
		}
		seen[r.ID] = true
		sym := normalizeSymbol(r.Symbol)
		bySymbol[sym] = append(bySymbol[sym], r)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	// Retire workers for symbols nobody watches any more.
	for sym, w := range e.workers {
		if _, ok := bySymbol[sym]; !ok {
			w.stop()
			delete(e.workers, sym)
		}
	}
	// Start a fresh worker per symbol so that rule state (arming and
	// cooldowns) matches the new rule definitions.
	for sym, rs := range bySymbol {
		if old, ok := e.workers[sym]; ok {
			old.stop()
		}
		w := newSymbolWorker(sym, rs, e.cfg.Buffer, e.deliver)
		e.workers[sym] = w
		go w.run()
	}
	return nil
}

// Publish routes a quote to the worker of its symbol. It never blocks; it
// reports false if the quote was not queued for evaluation.
func (e *Engine) Publish(q Quote) bool {
	q.Symbol = normalizeSymbol(q.Symbol)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	w, ok := e.workers[q.Symbol]
	if !ok {
		atomic.AddUint64(&e.ignored, 1)
		return false
	}
	if !w.offer(q) {
		atomic.AddUint64(&e.dropped, 1)
		return false
	}
	atomic.AddUint64(&e.quotes, 1)
	return true
}

// Run publishes quotes from feed until the feed is closed or ctx is done.
func (e *Engine) Run(ctx context.Context, feed <-chan Quote) error {
	for {
		select {
		case q, ok := <-feed:
			if !ok {
				return nil
			}
			e.Publish(q)
		case <-ctx.Done():
			return fmt.Errorf("alerts: run: %w", ctx.Err())
		}
	}
}

// Stats returns a snapshot of the engine's counters.
func (e *Engine) Stats() Stats {
	return Stats{
		Quotes:  atomic.LoadUint64(&e.quotes),
		Dropped: atomic.LoadUint64(&e.dropped),
		Ignored: atomic.LoadUint64(&e.ignored),
		Sent:    atomic.LoadUint64(&e.sent),
		Failed:  atomic.LoadUint64(&e.failed),
	}
}

// Close stops accepting quotes, lets every worker evaluate the quotes it
// already has and waits for them to finish.
func (e *Engine) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	workers := make([]*symbolWorker, 0, len(e.workers))
	for sym, w := range e.workers {
		w.stop()
		workers = append(workers, w)
		delete(e.workers, sym)
	}
	e.mu.Unlock()

	for _, w := range workers {
		<-w.done
	}
	e.cancel()
}

// deliver sends one alert through the notifier. It runs on a symbol worker.
func (e *Engine) deliver(a Alert) {
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.NotifyTimeout)
	defer cancel()
	if err := e.notifier.Notify(ctx, a); err != nil {
		atomic.AddUint64(&e.failed, 1)
		if e.cfg.OnError != nil {
			e.cfg.OnError(a, fmt.Errorf("notify %s about %s: %w", a.UserID, a.RuleID, err))
		}
		return
	}
	atomic.AddUint64(&e.sent, 1)
}
