// Package sampling implements a log sampling proxy. Agents push log batches
// tagged with a tenant; the proxy samples each tenant's stream according to
// its policy and forwards what survives to the upstream log store.
package sampling

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Level is a log severity.
type Level int

// Log levels, lowest first.
const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
	LevelError
)

// Record is a single log line.
type Record struct {
	Time    time.Time
	Level   Level
	Message string
	TraceID string
	Fields  map[string]string
}

// Batch is a group of records pushed by one agent for one tenant.
type Batch struct {
	Tenant  string
	Records []Record
}

// Upstream is the log store the proxy forwards to.
type Upstream interface {
	Forward(ctx context.Context, tenant string, records []Record) error
}

// Ticker is the subset of *time.Ticker the proxy needs.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return sysTicker{time.NewTicker(d)} }

type sysTicker struct{ t *time.Ticker }

func (s sysTicker) C() <-chan time.Time { return s.t.C }
func (s sysTicker) Stop()               { s.t.Stop() }

// Policy controls how a tenant's logs are sampled.
type Policy struct {
	// Rate is the fraction of records kept, in (0, 1].
	Rate float64
	// KeepLevel is the level at and above which records are always kept.
	KeepLevel Level
}

func (p Policy) validate() error {
	if p.Rate <= 0 || p.Rate > 1 {
		return fmt.Errorf("sampling rate %v out of range (0, 1]", p.Rate)
	}
	return nil
}

// Config configures a Proxy.
type Config struct {
	Upstream Upstream
	// DefaultPolicy applies to tenants without an entry in Policies.
	DefaultPolicy Policy
	Policies      map[string]Policy
	// QueueDepth is the number of batches buffered per tenant.
	QueueDepth int
	// IdleTimeout is how long a tenant may stay silent before its pipeline
	// is torn down. Zero disables idle eviction.
	IdleTimeout time.Duration
	// SweepInterval is how often idle tenants are looked for.
	SweepInterval time.Duration
	// OnError is called when forwarding fails. It may be nil.
	OnError func(tenant string, err error)
	Clock   Clock
}

// Errors returned by the proxy.
var (
	ErrClosed       = errors.New("sampling: proxy closed")
	ErrBackpressure = errors.New("sampling: tenant queue full")
	ErrNoTenant     = errors.New("sampling: batch has no tenant")
)

func (c *Config) setDefaults() error {
	if c.Upstream == nil {
		return errors.New("sampling: upstream is required")
	}
	if c.DefaultPolicy.Rate == 0 {
		c.DefaultPolicy = Policy{Rate: 0.1, KeepLevel: LevelWarn}
	}
	if err := c.DefaultPolicy.validate(); err != nil {
		return fmt.Errorf("sampling: default policy: %w", err)
	}
	for name, p := range c.Policies {
		if err := p.validate(); err != nil {
			return fmt.Errorf("sampling: policy for %q: %w", name, err)
		}
	}
	if c.QueueDepth <= 0 {
		c.QueueDepth = 64
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = time.Minute
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	return nil
}
