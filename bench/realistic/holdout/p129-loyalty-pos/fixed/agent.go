package possync

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrOffline is wrapped by Uploader errors when head office is unreachable.
var ErrOffline = errors.New("possync: uplink offline")

// Config holds the agent's static settings.
type Config struct {
	// StoreID identifies the store to head office. Required.
	StoreID string
	// BatchSize caps the number of sales per upload. Defaults to 200.
	BatchSize int
	// RetryInterval is how often Run retries a flush while the link is up
	// but uploads keep failing. Defaults to 30s.
	RetryInterval time.Duration
	// PointsPerDollar is the loyalty earn rate applied to member sales.
	PointsPerDollar int64
}

// Logger receives operational messages from the agent.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option customises an Agent.
type Option func(*Agent)

// WithClock replaces the wall clock, mainly for tests.
func WithClock(c Clock) Option { return func(a *Agent) { a.clock = c } }

// WithLogger sets the logger; the default writes to the standard logger.
func WithLogger(l Logger) Option { return func(a *Agent) { a.log = l } }

// Status is a snapshot of the agent's sync state.
type Status struct {
	LastSync  time.Time
	LastError error
	Uploaded  int
}

// Agent records sales locally and uploads them to head office.
type Agent struct {
	cfg   Config
	queue Queue
	up    Uploader
	clock Clock
	log   Logger

	mu     sync.Mutex // serialises flushes and guards the fields below
	seq    uint64
	status Status
}

// New returns an Agent that buffers into q and uploads through up.
func New(cfg Config, q Queue, up Uploader, opts ...Option) (*Agent, error) {
	if cfg.StoreID == "" {
		return nil, errors.New("possync: StoreID is required")
	}
	if q == nil || up == nil {
		return nil, errors.New("possync: queue and uploader are required")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 200
	}
	if cfg.RetryInterval <= 0 {
		cfg.RetryInterval = 30 * time.Second
	}
	a := &Agent{cfg: cfg, queue: q, up: up, clock: systemClock{}, log: log.Default()}
	for _, o := range opts {
		o(a)
	}
	return a, nil
}

// Record validates a sale, works out its loyalty points and stores it in the
// local queue. It never talks to head office, so it works offline.
func (a *Agent) Record(ctx context.Context, s Sale) error {
	if s.StoreID == "" {
		s.StoreID = a.cfg.StoreID
	}
	if s.At.IsZero() {
		s.At = a.clock.Now()
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("possync: record: %w", err)
	}
	if s.MemberID != "" && s.Points == 0 {
		s.Points = s.TotalCents / 100 * a.cfg.PointsPerDollar
	}
	if err := a.queue.Append(ctx, s); err != nil {
		return fmt.Errorf("possync: queue sale %s: %w", s.ID, err)
	}
	return nil
}

// Flush uploads queued sales batch by batch until the queue is empty or an
// upload fails. It returns how many sales were acknowledged by head office.
func (a *Agent) Flush(ctx context.Context) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()

	sent := 0
	for {
		sales, err := a.queue.Peek(ctx, a.cfg.BatchSize)
		if err != nil {
			return sent, a.fail(fmt.Errorf("possync: read queue: %w", err))
		}
		if len(sales) == 0 {
			a.status.LastSync = a.clock.Now()
			a.status.LastError = nil
			return sent, nil
		}
		if err := a.upload(ctx, sales); err != nil {
			return sent, a.fail(err)
		}
		ids := make([]string, len(sales))
		for i, s := range sales {
			ids[i] = s.ID
		}
		if err := a.queue.Ack(ctx, ids); err != nil {
			// Head office de-duplicates by sale id, so re-sending is safe.
			return sent, a.fail(fmt.Errorf("possync: ack %d sales: %w", len(ids), err))
		}
		sent += len(sales)
		a.status.Uploaded += len(sales)
	}
}

func (a *Agent) upload(ctx context.Context, sales []Sale) error {
	a.seq++
	id := fmt.Sprintf("%s-%d-%d", a.cfg.StoreID, a.clock.Now().Unix(), a.seq)
	hdr := newBatchHeader(id, a.cfg.StoreID, sales)

	body := streamSales(sales)
	defer body.Close()
	if err := a.up.UploadBatch(ctx, hdr, body); err != nil {
		return fmt.Errorf("possync: upload batch %s: %w", id, err)
	}
	return nil
}

func (a *Agent) fail(err error) error {
	a.status.LastError = err
	return err
}

// Status returns the current sync state.
func (a *Agent) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

// Run keeps the queue drained until ctx is done. link reports connectivity
// changes (true when the uplink comes back); a flush is attempted on every
// up transition and then every RetryInterval while the link is up.
func (a *Agent) Run(ctx context.Context, link <-chan bool) error {
	t := a.clock.NewTicker(a.cfg.RetryInterval)
	defer t.Stop()

	online := true
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case up, ok := <-link:
			if !ok {
				link = nil
				continue
			}
			online = up
			if !up {
				continue
			}
		case <-t.C():
			if !online {
				continue
			}
		}
		n, err := a.Flush(ctx)
		switch {
		case errors.Is(err, ErrOffline):
			online = false
			a.log.Printf("possync: uplink lost after %d sales, waiting for link", n)
		case err != nil:
			a.log.Printf("possync: flush: %v", err)
		case n > 0:
			a.log.Printf("possync: uploaded %d sales", n)
		}
	}
}
