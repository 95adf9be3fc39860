// Package metrics provides rate meters: counters that also report 1-, 5- and
// 15-minute moving averages of their rate, and a registry to share them by name.
package metrics

import (
	"sync"
	"time"
)

// DefaultTickInterval is how often moving averages are updated.
const DefaultTickInterval = 5 * time.Second

// MeterOption configures a Meter.
type MeterOption func(*Meter)

// WithTickInterval changes how often moving averages are updated.
func WithTickInterval(d time.Duration) MeterOption { return func(m *Meter) { m.interval = d } }

// Meter counts events and tracks their rate.
type Meter struct {
	interval time.Duration
	start    time.Time
	ticker   *time.Ticker
	stop     chan struct{}
	stopOnce sync.Once

	mu          sync.Mutex
	count       int64
	m1, m5, m15 *ewma
	ticks       int64
}

// NewMeter starts a meter.
func NewMeter(opts ...MeterOption) *Meter {
	m := &Meter{interval: DefaultTickInterval, start: time.Now(), stop: make(chan struct{})}
	for _, o := range opts {
		o(m)
	}
	m.m1 = newEWMA(time.Minute, m.interval)
	m.m5 = newEWMA(5*time.Minute, m.interval)
	m.m15 = newEWMA(15*time.Minute, m.interval)
	m.ticker = time.NewTicker(m.interval)
	go m.tickLoop()
	return m
}

func (m *Meter) tickLoop() {
	for {
		select {
		case <-m.ticker.C:
			m.tick()
		case <-m.stop:
			return
		}
	}
}

func (m *Meter) tick() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m1.tick()
	m.m5.tick()
	m.m15.tick()
	m.ticks++
}

// Mark records n events.
func (m *Meter) Mark(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count += n
	m.m1.update(n)
	m.m5.update(n)
	m.m15.update(n)
}

// Snapshot is a point-in-time view of a meter.
type Snapshot struct {
	Count                int64
	Rate1, Rate5, Rate15 float64
	MeanRate             float64
	Ticks                int64
}

// Snapshot reads the meter.
func (m *Meter) Snapshot() Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := Snapshot{Count: m.count, Rate1: m.m1.rate, Rate5: m.m5.rate, Rate15: m.m15.rate, Ticks: m.ticks}
	if el := time.Since(m.start).Seconds(); el > 0 {
		s.MeanRate = float64(m.count) / el
	}
	return s
}

// Stop stops updating the moving averages; the meter keeps counting.
func (m *Meter) Stop() {
	m.ticker.Stop()
	m.stopOnce.Do(func() { close(m.stop) })
}
