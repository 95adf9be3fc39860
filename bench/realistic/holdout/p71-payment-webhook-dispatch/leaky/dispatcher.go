// Package webhook delivers payment events to merchant endpoints with
// signed requests, retries with backoff, and a dead-letter store for
// deliveries that cannot succeed.
package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by Dispatch after Close.
	ErrClosed = errors.New("webhook: dispatcher closed")
	// ErrEndpointDisabled is returned when dispatching to a disabled endpoint.
	ErrEndpointDisabled = errors.New("webhook: endpoint disabled")
	// ErrBacklogFull is returned when an endpoint has too many queued events.
	ErrBacklogFull = errors.New("webhook: endpoint backlog full")
)

// Event is a payment event to be delivered.
type Event struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// Endpoint is a merchant's registered webhook receiver.
type Endpoint struct {
	ID       string
	URL      string
	Secret   string
	Disabled bool
}

// EndpointStore looks up and disables endpoints.
type EndpointStore interface {
	Endpoint(ctx context.Context, id string) (Endpoint, error)
	Disable(ctx context.Context, id, reason string) error
}

// DeadLetter records a delivery that was given up on.
type DeadLetter struct {
	EndpointID string
	Event      Event
	Attempts   int
	LastStatus int
	Reason     string
	At         time.Time
}

// DeadLetterStore persists dead letters for inspection and replay.
type DeadLetterStore interface {
	Put(ctx context.Context, dl DeadLetter) error
}

// Doer sends HTTP requests, like *http.Client.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Clock abstracts time for signing and backoff.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config tunes delivery. Zero fields take defaults.
type Config struct {
	MaxAttempts int
	BackoffBase time.Duration
	BackoffMax  time.Duration
	Backlog     int // events queued per endpoint
	Clock       Clock
}

// Dispatcher delivers events to endpoints. Deliveries to one endpoint are
// made in order, one at a time; different endpoints proceed in parallel.
type Dispatcher struct {
	client    Doer
	endpoints EndpointStore
	dead      DeadLetterStore
	cfg       Config

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	lanes  map[string]*lane
	closed bool
}

// New returns a Dispatcher.
func New(client Doer, endpoints EndpointStore, dead DeadLetterStore, cfg Config) *Dispatcher {
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = time.Second
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = time.Hour
	}
	if cfg.Backlog <= 0 {
		cfg.Backlog = 64
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Dispatcher{
		client:    client,
		endpoints: endpoints,
		dead:      dead,
		cfg:       cfg,
		ctx:       ctx,
		cancel:    cancel,
		lanes:     make(map[string]*lane),
	}
}

// Dispatch queues ev for delivery to the endpoint. It returns once the
// event is queued, not when it is delivered.
func (d *Dispatcher) Dispatch(ctx context.Context, endpointID string, ev Event) error {
	ep, err := d.endpoints.Endpoint(ctx, endpointID)
	if err != nil {
		return fmt.Errorf("webhook: look up endpoint %s: %w", endpointID, err)
	}
	if ep.Disabled {
		return fmt.Errorf("webhook: endpoint %s: %w", endpointID, ErrEndpointDisabled)
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	l, ok := d.lanes[endpointID]
	if !ok {
		l = newLane(endpointID, d.cfg.Backlog)
		d.lanes[endpointID] = l
		go d.run(l)
	}
	select {
	case l.jobs <- ev:
		return nil
	default:
		return fmt.Errorf("webhook: endpoint %s: %w", endpointID, ErrBacklogFull)
	}
}

// Close stops accepting events and waits, until ctx is done, for queued
// deliveries to finish.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	lanes := make([]*lane, 0, len(d.lanes))
	for id, l := range d.lanes {
		close(l.jobs)
		lanes = append(lanes, l)
		delete(d.lanes, id)
	}
	d.mu.Unlock()

	defer d.cancel()
	for _, l := range lanes {
		select {
		case <-l.done:
		case <-ctx.Done():
			return fmt.Errorf("webhook: draining endpoint %s: %w", l.endpointID, ctx.Err())
		}
	}
	return nil
}

// retire disables an endpoint that told us it no longer exists, and
// detaches its lane so new events are refused.
func (d *Dispatcher) retire(l *lane, reason string) {
	if err := d.endpoints.Disable(d.ctx, l.endpointID, reason); err != nil {
		log.Printf("webhook: disable endpoint %s: %v", l.endpointID, err)
	}
	d.mu.Lock()
	if d.lanes[l.endpointID] == l {
		delete(d.lanes, l.endpointID)
	}
	d.mu.Unlock()
}

func (d *Dispatcher) deadLetter(l *lane, ev Event, res result) {
	dl := DeadLetter{
		EndpointID: l.endpointID,
		Event:      ev,
		Attempts:   res.attempts,
		LastStatus: res.status,
		Reason:     res.reason,
		At:         d.cfg.Clock.Now(),
	}
	if err := d.dead.Put(d.ctx, dl); err != nil {
		log.Printf("webhook: dead-letter event %s for %s: %v", ev.ID, l.endpointID, err)
	}
}
