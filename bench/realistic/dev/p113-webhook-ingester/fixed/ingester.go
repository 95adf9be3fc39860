// Package webhook receives payment-provider webhooks, checks their signatures and
// hands the events to a pool of workers so the provider gets its 202 quickly.
package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"sync"
	"time"
)

// Event is the part of a provider event the ingester cares about.
type Event struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// HandlerFunc processes one verified event.
type HandlerFunc func(ctx context.Context, ev Event) error

// Option configures an Ingester.
type Option func(*Ingester)

// WithWorkers sets how many events are processed concurrently.
func WithWorkers(n int) Option { return func(in *Ingester) { in.workers = n } }

// WithLogf replaces the logger.
func WithLogf(f func(format string, args ...any)) Option { return func(in *Ingester) { in.logf = f } }

const (
	maxBody   = 1 << 20
	queueSize = 64
)

// Ingester is an http.Handler for the provider's webhook endpoint.
type Ingester struct {
	secret    []byte
	handle    HandlerFunc
	workers   int
	tolerance time.Duration
	now       func() time.Time
	logf      func(format string, args ...any)

	mu     sync.Mutex
	closed bool
	queue  chan Event
	seen   map[string]time.Time

	// pending counts events accepted but not yet finished.
	pending sync.WaitGroup
}

// New returns an Ingester whose workers are already running.
func New(secret []byte, handle HandlerFunc, opts ...Option) *Ingester {
	in := &Ingester{
		secret:    secret,
		handle:    handle,
		workers:   4,
		tolerance: 5 * time.Minute,
		now:       time.Now,
		logf:      log.Printf,
		seen:      make(map[string]time.Time),
	}
	for _, o := range opts {
		o(in)
	}
	in.queue = make(chan Event, queueSize)
	for i := 0; i < in.workers; i++ {
		go in.work()
	}
	return in
}

// ServeHTTP verifies and enqueues one delivery.
func (in *Ingester) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if err := in.verify(r.Header.Get(SignatureHeader), body); err != nil {
		in.logf("webhook: rejected delivery: %v", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if err := in.enqueue(ev); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (in *Ingester) enqueue(ev Event) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return errors.New("webhook: shutting down")
	}
	in.pending.Add(1)
	select {
	case in.queue <- ev:
		return nil
	default:
		in.pending.Done()
		return errors.New("webhook: queue full")
	}
}
