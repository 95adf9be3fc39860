package climate

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

var (
	ErrClosed       = errors.New("climate: monitor closed")
	ErrUnknownVault = errors.New("climate: unknown vault")
)

// Logger is the logging interface used by the monitor.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Monitor.
type Option func(*Monitor)

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(m *Monitor) { m.log = l } }

// WithBuffer sets how many readings may queue per vault before new ones are
// dropped.
func WithBuffer(n int) Option {
	return func(m *Monitor) {
		if n > 0 {
			m.buffer = n
		}
	}
}

// WithCallTimeout bounds calls to the alerter and the store.
func WithCallTimeout(d time.Duration) Option { return func(m *Monitor) { m.callTimeout = d } }

type feed struct {
	cfg      VaultConfig
	readings chan Reading
	done     chan struct{}
}

// Monitor watches the climate of a museum's storage vaults and raises
// excursions when conditions leave conservation limits.
type Monitor struct {
	alerter     Alerter
	store       Store
	log         Logger
	buffer      int
	callTimeout time.Duration
	ctx         context.Context
	cancel      context.CancelFunc
	dropped     int64

	mu     sync.RWMutex
	feeds  map[string]*feed
	closed bool
}

// New returns a Monitor with no vaults registered.
func New(alerter Alerter, store Store, opts ...Option) *Monitor {
	ctx, cancel := context.WithCancel(context.Background())
	m := &Monitor{
		alerter:     alerter,
		store:       store,
		log:         log.Default(),
		buffer:      64,
		callTimeout: 5 * time.Second,
		ctx:         ctx,
		cancel:      cancel,
		feeds:       make(map[string]*feed),
	}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// Register starts monitoring a vault with the given limits.
func (m *Monitor) Register(cfg VaultConfig) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 15 * time.Minute
	}
	if cfg.SummaryEach <= 0 {
		cfg.SummaryEach = 60
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	f := &feed{cfg: cfg, readings: make(chan Reading, m.buffer), done: make(chan struct{})}
	m.feeds[cfg.ID] = f
	go m.run(f)
	m.log.Printf("climate: monitoring %s (%s) temp %.1f-%.1f C, RH %.0f-%.0f%%",
		cfg.ID, cfg.Collection, cfg.Temp.Min, cfg.Temp.Max, cfg.RH.Min, cfg.RH.Max)
	return nil
}

// Deregister stops monitoring a vault and waits for its last summary.
func (m *Monitor) Deregister(id string) error {
	m.mu.Lock()
	f, ok := m.feeds[id]
	if !ok {
		m.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownVault, id)
	}
	delete(m.feeds, id)
	close(f.readings)
	m.mu.Unlock()
	<-f.done
	return nil
}

// ApplyConfig brings the set of monitored vaults in line with a reloaded
// configuration.
func (m *Monitor) ApplyConfig(cfgs []VaultConfig) error {
	wanted := make(map[string]bool, len(cfgs))
	for _, c := range cfgs {
		wanted[c.ID] = true
	}
	var errs []error
	for _, id := range m.Vaults() {
		if !wanted[id] {
			if err := m.Deregister(id); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, c := range cfgs {
		if err := m.Register(c); err != nil {
			errs = append(errs, fmt.Errorf("vault %s: %w", c.ID, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("climate: %d of %d vaults failed to apply: %w", len(errs), len(cfgs), errs[0])
	}
	return nil
}

// Vaults lists the monitored vault ids.
func (m *Monitor) Vaults() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ids := make([]string, 0, len(m.feeds))
	for id := range m.feeds {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Ingest hands a reading to its vault. Readings are dropped rather than
// blocking the probe gateway when a vault falls behind.
func (m *Monitor) Ingest(r Reading) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	f, ok := m.feeds[r.Vault]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownVault, r.Vault)
	}
	select {
	case f.readings <- r:
	default:
		if n := atomic.AddInt64(&m.dropped, 1); n%100 == 1 {
			m.log.Printf("climate: dropping readings, %d so far", n)
		}
	}
	return nil
}

// Close stops all vaults, flushing their final summaries.
func (m *Monitor) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.closed = true
	feeds := m.feeds
	m.feeds = make(map[string]*feed)
	for _, f := range feeds {
		close(f.readings)
	}
	m.mu.Unlock()

	for _, f := range feeds {
		<-f.done
	}
	m.cancel()
	return nil
}

func (m *Monitor) run(f *feed) {
	defer close(f.done)
	var (
		win  window
		exc  excursionTracker
		prev *Reading
	)
	for r := range f.readings { // leak: re-registering a vault replaces its feed without closing the old channel
		win.add(r)
		if e, ok := exc.observe(f.cfg, "temp", f.cfg.Temp, r.TempC, r.At); ok {
			m.alert(e)
		}
		if e, ok := exc.observe(f.cfg, "rh", f.cfg.RH, r.RH, r.At); ok {
			m.alert(e)
		}
		if prev != nil && f.cfg.MaxRHDrift > 0 && math.Abs(r.RH-prev.RH) > f.cfg.MaxRHDrift {
			m.alert(Excursion{Vault: f.cfg.ID, Kind: "rh-drift", Since: prev.At, Worst: r.RH - prev.RH})
		}
		last := r
		prev = &last
		if win.sum.Count >= f.cfg.SummaryEach {
			if s, ok := win.flush(f.cfg.ID); ok {
				m.save(s)
			}
		}
	}
	if s, ok := win.flush(f.cfg.ID); ok {
		m.save(s)
	}
}

func (m *Monitor) alert(e Excursion) {
	ctx, cancel := context.WithTimeout(m.ctx, m.callTimeout)
	defer cancel()
	if err := m.alerter.Alert(ctx, e); err != nil {
		m.log.Printf("climate: alert for %s %s failed: %v", e.Vault, e.Kind, err)
	}
}

func (m *Monitor) save(s Summary) {
	ctx, cancel := context.WithTimeout(m.ctx, m.callTimeout)
	defer cancel()
	if err := m.store.SaveSummary(ctx, s); err != nil {
		m.log.Printf("climate: saving summary for %s failed: %v", s.Vault, err)
	}
}
