// Package poller monitors a solar plant: it polls each inverter's holding
// registers over a Modbus-style client, aggregates the readings into a plant
// snapshot and raises alarms when an inverter runs hot, reports a fault or
// stops answering.
package poller

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by a poller after Close.
var ErrClosed = errors.New("poller: closed")

// RegisterClient reads holding registers from a Modbus-style device.
type RegisterClient interface {
	ReadHoldingRegisters(ctx context.Context, unitID uint8, addr, count uint16) ([]uint16, error)
}

// Clock abstracts the wall clock for timestamps.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Inverter identifies one device on the plant bus.
type Inverter struct {
	Name   string
	UnitID uint8
}

// Config configures a Poller. Zero values fall back to sensible defaults.
type Config struct {
	Inverters []Inverter
	Client    RegisterClient
	Clock     Clock

	// ReadTimeout bounds each register read.
	ReadTimeout time.Duration
	// Parallelism caps concurrent reads on the shared bus.
	Parallelism int
	// MaxTempC raises an over-temperature alarm above this heatsink temperature.
	MaxTempC float64
	// CommsLossAfter raises a comms alarm after this many consecutive failed polls.
	CommsLossAfter int
	// AlarmBuffer is the per-subscriber queue length.
	AlarmBuffer int
}

// Poller polls inverters and publishes alarms. It is safe for concurrent use.
type Poller struct {
	cfg   Config
	alarm *alarmBus

	mu       sync.Mutex
	failures map[string]int
	last     Snapshot
	closed   bool
}

// New validates cfg and returns a Poller.
func New(cfg Config) (*Poller, error) {
	if cfg.Client == nil {
		return nil, errors.New("poller: Config.Client is required")
	}
	if len(cfg.Inverters) == 0 {
		return nil, errors.New("poller: no inverters configured")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = 2 * time.Second
	}
	if cfg.Parallelism <= 0 {
		cfg.Parallelism = 4
	}
	if cfg.MaxTempC == 0 {
		cfg.MaxTempC = 75
	}
	if cfg.CommsLossAfter <= 0 {
		cfg.CommsLossAfter = 3
	}
	if cfg.AlarmBuffer <= 0 {
		cfg.AlarmBuffer = 16
	}
	return &Poller{
		cfg:      cfg,
		alarm:    newAlarmBus(cfg.AlarmBuffer),
		failures: make(map[string]int),
	}, nil
}

// Subscribe registers h to receive alarms on its own goroutine, in order.
// The returned function stops delivery to h.
func (p *Poller) Subscribe(h AlarmHandler) (unsubscribe func()) {
	return p.alarm.subscribe(h)
}

// PollOnce reads every inverter, updates the plant snapshot and raises
// alarms. Per-inverter failures are recorded, not returned; the returned
// error is only for a closed poller or a cancelled context.
func (p *Poller) PollOnce(ctx context.Context) (Snapshot, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return Snapshot{}, ErrClosed
	}

	results := make([]pollResult, len(p.cfg.Inverters))
	sem := make(chan struct{}, p.cfg.Parallelism)
	var wg sync.WaitGroup
	for i, inv := range p.cfg.Inverters {
		wg.Add(1)
		go func(i int, inv Inverter) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r, err := p.readInverter(ctx, inv)
			results[i] = pollResult{inv: inv, reading: r, err: err}
		}(i, inv)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Snapshot{}, fmt.Errorf("poll cancelled: %w", err)
	}

	snap := aggregate(p.cfg.Clock.Now(), results)
	for _, a := range p.evaluate(snap.Taken, results) {
		p.alarm.publish(a)
	}
	p.mu.Lock()
	p.last = snap
	p.mu.Unlock()
	return snap, nil
}

// Last returns the most recent snapshot.
func (p *Poller) Last() Snapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// Close stops the poller and ends delivery to all subscribers.
func (p *Poller) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	p.alarm.close()
	return nil
}

// evaluate turns poll results into alarms and tracks consecutive failures.
func (p *Poller) evaluate(at time.Time, results []pollResult) []Alarm {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Alarm
	for _, r := range results {
		name := r.inv.Name
		if r.err != nil {
			p.failures[name]++
			if p.failures[name] == p.cfg.CommsLossAfter {
				out = append(out, Alarm{Inverter: name, Kind: AlarmCommsLoss, At: at,
					Detail: r.err.Error()})
			}
			continue
		}
		p.failures[name] = 0
		if r.reading.Status&statusFaultBit != 0 {
			out = append(out, Alarm{Inverter: name, Kind: AlarmFault, At: at,
				Detail: fmt.Sprintf("status word 0x%04x", r.reading.Status)})
		}
		if r.reading.TempC > p.cfg.MaxTempC {
			out = append(out, Alarm{Inverter: name, Kind: AlarmOverTemp, At: at,
				Detail: fmt.Sprintf("heatsink %.1f°C > %.1f°C", r.reading.TempC, p.cfg.MaxTempC)})
		}
	}
	return out
}
