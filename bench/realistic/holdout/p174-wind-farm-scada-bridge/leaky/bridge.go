package scada

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
	"time"
)

// Config configures a Bridge.
type Config struct {
	Source    Source
	Historian Historian
	Turbines  []string

	// BatchSize is the number of samples per historian write. Default 500.
	BatchSize int
	// FlushInterval forces a partial batch out. Default 2s.
	FlushInterval time.Duration
	// QueueDepth is the number of batches buffered for the historian.
	// Default 16.
	QueueDepth int
	// MaxResubscribe is how many times to try to resubscribe after the
	// gateway drops the stream. Default 5.
	MaxResubscribe int
	// ResubscribeBackoff is the initial delay between attempts, doubled
	// each time. Default 500ms.
	ResubscribeBackoff time.Duration
	// WriteRetries is how many times a failed historian write is retried.
	// Default 3.
	WriteRetries int
	// WriteTimeout bounds a single historian write. Default 5s.
	WriteTimeout time.Duration
	// AcceptUncertain forwards samples flagged uncertain.
	AcceptUncertain bool
	// Logger defaults to log.Default().
	Logger *log.Logger
}

func (c *Config) withDefaults() Config {
	out := *c
	if out.BatchSize <= 0 {
		out.BatchSize = 500
	}
	if out.FlushInterval <= 0 {
		out.FlushInterval = 2 * time.Second
	}
	if out.QueueDepth <= 0 {
		out.QueueDepth = 16
	}
	if out.MaxResubscribe <= 0 {
		out.MaxResubscribe = 5
	}
	if out.ResubscribeBackoff <= 0 {
		out.ResubscribeBackoff = 500 * time.Millisecond
	}
	if out.WriteRetries < 0 {
		out.WriteRetries = 0
	} else if out.WriteRetries == 0 {
		out.WriteRetries = 3
	}
	if out.WriteTimeout <= 0 {
		out.WriteTimeout = 5 * time.Second
	}
	if out.Logger == nil {
		out.Logger = log.Default()
	}
	return out
}

// Bridge moves telemetry from a Source to a Historian.
type Bridge struct {
	cfg Config

	received      atomic.Uint64
	rejected      atomic.Uint64
	forwarded     atomic.Uint64
	dropped       atomic.Uint64
	resubscribed  atomic.Uint64
	writeFailures atomic.Uint64
}

// New validates cfg and returns a Bridge.
func New(cfg Config) (*Bridge, error) {
	if cfg.Source == nil || cfg.Historian == nil {
		return nil, fmt.Errorf("scada: Source and Historian are required")
	}
	if len(cfg.Turbines) == 0 {
		return nil, ErrNoTurbines
	}
	return &Bridge{cfg: cfg.withDefaults()}, nil
}

// Stats returns a snapshot of the bridge counters.
func (b *Bridge) Stats() Stats {
	return Stats{
		Received:      b.received.Load(),
		Rejected:      b.rejected.Load(),
		Forwarded:     b.forwarded.Load(),
		Dropped:       b.dropped.Load(),
		Resubscribed:  b.resubscribed.Load(),
		WriteFailures: b.writeFailures.Load(),
	}
}

// Run subscribes to the gateway and forwards telemetry until ctx is done or
// the gateway cannot be reached any more. On a clean shutdown buffered
// samples are flushed to the historian before Run returns.
func (b *Bridge) Run(ctx context.Context) error {
	sub, err := b.cfg.Source.Subscribe(ctx, b.cfg.Turbines)
	if err != nil {
		return fmt.Errorf("scada: subscribe: %w", err)
	}

	batches := make(chan []Sample, b.cfg.QueueDepth)
	fwdDone := make(chan struct{})
	go func() {
		defer close(fwdDone)
		b.forward(batches)
	}()
	stopForwarder := func() {
		close(batches)
		<-fwdDone
	}

	ticker := time.NewTicker(b.cfg.FlushInterval)
	defer ticker.Stop()

	buf := make([]Sample, 0, b.cfg.BatchSize)
	flush := func() {
		if len(buf) == 0 {
			return
		}
		batches <- buf
		buf = make([]Sample, 0, b.cfg.BatchSize)
	}

	for {
		select {
		case <-ctx.Done():
			flush()
			stopForwarder()
			return ctx.Err()
		case <-ticker.C:
			flush()
		case s, ok := <-sub:
			if !ok {
				flush()
				sub, err = b.resubscribe(ctx)
				if err != nil {
					return fmt.Errorf("scada: telemetry stream lost: %w", err)
				}
				continue
			}
			b.received.Add(1)
			if !b.accept(s) {
				b.rejected.Add(1)
				continue
			}
			buf = append(buf, s)
			if len(buf) >= b.cfg.BatchSize {
				flush()
			}
		}
	}
}

func (b *Bridge) accept(s Sample) bool {
	switch s.Quality {
	case QualityGood:
		return true
	case QualityUncertain:
		return b.cfg.AcceptUncertain
	default:
		return false
	}
}

// resubscribe tries to re-establish the gateway subscription with
// exponential backoff.
func (b *Bridge) resubscribe(ctx context.Context) (<-chan Sample, error) {
	delay := b.cfg.ResubscribeBackoff
	var lastErr error
	for attempt := 1; attempt <= b.cfg.MaxResubscribe; attempt++ {
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		sub, err := b.cfg.Source.Subscribe(ctx, b.cfg.Turbines)
		if err == nil {
			b.resubscribed.Add(1)
			return sub, nil
		}
		lastErr = err
		b.cfg.Logger.Printf("scada: resubscribe attempt %d/%d: %v", attempt, b.cfg.MaxResubscribe, err)
		delay *= 2
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", b.cfg.MaxResubscribe, lastErr)
}
