package uplink

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Sample is one telemetry data point.
type Sample struct {
	Metric string
	Value  float64
	At     time.Time
}

// Stream is an open connection to the collector.
type Stream interface {
	Send(s Sample) error
	Close() error
}

// DialFunc connects to the collector at addr.
type DialFunc func(ctx context.Context, addr string) (Stream, error)

// Uplink keeps a connection to a collector and ships queued samples over it,
// reconnecting with backoff when the connection drops.
type Uplink struct {
	addr    string
	dial    DialFunc
	queue   chan Sample
	backoff Backoff
	logf    func(format string, args ...any)

	mu     sync.Mutex
	cancel context.CancelFunc
	sent   int
}

// Option configures an Uplink.
type Option func(*Uplink)

// WithBackoff overrides the reconnect delays.
func WithBackoff(initial, max time.Duration) Option {
	return func(u *Uplink) { u.backoff.Initial, u.backoff.Max = initial, max }
}

// WithLogf sets a printf-style logger.
func WithLogf(f func(string, ...any)) Option { return func(u *Uplink) { u.logf = f } }

// New returns an Uplink for the collector at addr.
func New(addr string, dial DialFunc, opts ...Option) *Uplink {
	u := &Uplink{
		addr:    addr,
		dial:    dial,
		queue:   make(chan Sample, 256),
		backoff: Backoff{Initial: 100 * time.Millisecond, Max: 30 * time.Second, Factor: 2, Jitter: 0.2},
		logf:    func(string, ...any) {},
	}
	for _, o := range opts {
		o(u)
	}
	return u
}

// Start begins shipping samples in the background until Stop is called.
func (u *Uplink) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	u.mu.Lock()
	u.cancel = cancel
	u.mu.Unlock()
	go u.run(ctx)
}

// Stop asks the background loop to finish.
func (u *Uplink) Stop() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.cancel != nil {
		u.cancel()
	}
}

// Enqueue adds a sample; it reports false when the queue is full.
func (u *Uplink) Enqueue(s Sample) bool {
	select {
	case u.queue <- s:
		return true
	default:
		return false
	}
}

func (u *Uplink) run(ctx context.Context) {
	for {
		st, err := u.dial(ctx, u.addr)
		if err != nil {
			d := u.backoff.Next()
			u.logf("uplink: dial %s: %v (retry in %s)", u.addr, err, d)
			time.Sleep(d) // leak: the redial loop never looks at ctx, so Stop cannot end it while the collector is unreachable
			continue
		}
		u.backoff.Reset()
		err = u.pump(ctx, st)
		st.Close()
		if ctx.Err() != nil {
			return
		}
		u.logf("uplink: stream to %s broke: %v", u.addr, err)
	}
}

func (u *Uplink) pump(ctx context.Context, st Stream) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s := <-u.queue:
			if err := st.Send(s); err != nil {
				return fmt.Errorf("send %s: %w", s.Metric, err)
			}
			u.mu.Lock()
			u.sent++
			u.mu.Unlock()
		}
	}
}

// ErrRefused is what a collector that rejects connections returns.
var ErrRefused = errors.New("connection refused")
