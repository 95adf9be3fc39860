package funicular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed         = errors.New("funicular: dispatcher closed")
	ErrBusy           = errors.New("funicular: cars not at stations")
	ErrFaulted        = errors.New("funicular: line faulted")
	ErrTelemetryStale = errors.New("funicular: drive telemetry stale")
	ErrNoSnapshot     = errors.New("funicular: no snapshot from drive")
)

// Config describes the line and its operating limits.
type Config struct {
	LengthM         float64
	LoopStartM      float64
	LoopEndM        float64
	CreepM          float64
	CruiseMPS       float64
	LoopMPS         float64
	CreepMPS        float64
	AccelMPS2       float64
	DerateKg        float64
	MaxImbalanceKg  float64
	StaleAfter      time.Duration
	SnapshotTimeout time.Duration
}

func (c Config) validate() error {
	switch {
	case c.LengthM <= 0 || c.CruiseMPS <= 0 || c.LoopMPS <= 0 || c.CreepMPS <= 0 || c.AccelMPS2 <= 0:
		return errors.New("funicular: length, speeds and acceleration must be positive")
	case c.LoopStartM <= 0 || c.LoopEndM <= c.LoopStartM || c.LoopEndM >= c.LengthM:
		return fmt.Errorf("funicular: passing loop %.0f-%.0f m outside the %.0f m line", c.LoopStartM, c.LoopEndM, c.LengthM)
	case c.MaxImbalanceKg <= c.DerateKg:
		return errors.New("funicular: imbalance limit must exceed derating threshold")
	}
	return nil
}

// State is the dispatcher's view of the line.
type State int

const (
	Idle State = iota
	Moving
	Faulted
	Closed
)

// TripRecord describes one completed or running trip.
type TripRecord struct {
	ID       uint64
	Dir      Direction
	Departed time.Time
	Arrived  time.Time
	Planned  time.Duration
}

// Dispatcher decides departures for a two-car funicular and follows the
// trips through the drive's telemetry.
type Dispatcher struct {
	cfg       Config
	drive     Drive
	log       Logger
	now       func() time.Time
	onArrival func(TripRecord)

	mu          sync.Mutex
	state       State
	fault       string
	lastEvent   time.Time
	positionM   float64
	nextTrip    uint64
	current     *TripRecord
	history     []TripRecord
	unsubscribe func()
}

// New returns a dispatcher; call Start to connect it to the drive.
func New(drive Drive, cfg Config, opts ...Option) (*Dispatcher, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 15 * time.Second
	}
	if cfg.SnapshotTimeout <= 0 {
		cfg.SnapshotTimeout = 2 * time.Second
	}
	d := &Dispatcher{cfg: cfg, drive: drive, now: time.Now, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(d)
	}
	return d, nil
}

// Start connects to the drive's telemetry.
func (d *Dispatcher) Start(ctx context.Context) error {
	return d.attach(ctx)
}

func (d *Dispatcher) attach(ctx context.Context) error {
	events, cancel, err := d.drive.Subscribe(ctx)
	if err != nil {
		return fmt.Errorf("funicular: subscribe: %w", err)
	}
	timer := time.NewTimer(d.cfg.SnapshotTimeout)
	defer timer.Stop()
	select {
	case ev, ok := <-events:
		if !ok {
			cancel()
			return ErrNoSnapshot
		}
		d.handle(ev)
	case <-timer.C:
		cancel()
		return ErrNoSnapshot
	case <-ctx.Done():
		cancel()
		return ctx.Err()
	}

	d.mu.Lock()
	prev := d.unsubscribe
	d.unsubscribe = cancel
	d.mu.Unlock()
	if prev != nil {
		prev()
	}
	go d.watch(events)
	return nil
}

func (d *Dispatcher) watch(events <-chan Event) {
	for ev := range events {
		d.handle(ev)
	}
	d.log.Printf("funicular: telemetry stream closed")
}

func (d *Dispatcher) handle(ev Event) {
	var done *TripRecord
	d.mu.Lock()
	if ev.At.After(d.lastEvent) {
		d.lastEvent = ev.At
	}
	switch ev.Kind {
	case EvPosition:
		d.positionM = ev.PositionM
	case EvArrived:
		if d.state == Moving && d.current != nil && d.current.ID == ev.Trip {
			rec := *d.current
			rec.Arrived = ev.At
			d.history = append(d.history, rec)
			d.current = nil
			d.state = Idle
			d.positionM = ev.PositionM
			done = &rec
		}
	case EvFault:
		if d.state != Closed {
			d.state = Faulted
			d.fault = ev.Fault
		}
	}
	d.mu.Unlock()

	if ev.Kind == EvFault {
		d.log.Printf("funicular: drive fault: %s", ev.Fault)
	}
	if done != nil && d.onArrival != nil {
		d.onArrival(*done)
	}
}

// Depart checks both cars and, if everything is in order, starts a trip.
func (d *Dispatcher) Depart(ctx context.Context, b Boarding) (uint64, error) {
	d.mu.Lock()
	switch d.state {
	case Closed:
		d.mu.Unlock()
		return 0, ErrClosed
	case Moving:
		d.mu.Unlock()
		return 0, ErrBusy
	case Faulted:
		fault := d.fault
		d.mu.Unlock()
		return 0, fmt.Errorf("%w: %s", ErrFaulted, fault)
	}
	if age := d.now().Sub(d.lastEvent); age > d.cfg.StaleAfter {
		d.state = Faulted
		d.fault = fmt.Sprintf("no telemetry for %s", age.Round(time.Second))
		d.mu.Unlock()
		d.log.Printf("funicular: %s; departure refused", d.fault)
		return 0, ErrTelemetryStale
	}
	p, err := plan(d.cfg, b)
	if err != nil {
		d.mu.Unlock()
		return 0, err
	}
	d.nextTrip++
	rec := &TripRecord{ID: d.nextTrip, Dir: b.Dir, Departed: d.now(), Planned: p.ETA}
	d.current = rec
	d.state = Moving
	d.mu.Unlock()

	if err := d.drive.Run(ctx, rec.ID, p); err != nil {
		d.mu.Lock()
		d.current = nil
		d.state = Faulted
		d.fault = err.Error()
		d.mu.Unlock()
		return 0, fmt.Errorf("funicular: trip %d: %w", rec.ID, err)
	}
	d.log.Printf("funicular: trip %d %v, cruise %.1f m/s, eta %s", rec.ID, b.Dir, p.CruiseMPS, p.ETA)
	return rec.ID, nil
}

// Recover resets the drive after a fault and re-establishes telemetry.
func (d *Dispatcher) Recover(ctx context.Context) error {
	d.mu.Lock()
	state := d.state
	d.mu.Unlock()
	switch state {
	case Closed:
		return ErrClosed
	case Idle, Moving:
		return nil
	}
	if err := d.drive.Reset(ctx); err != nil {
		return fmt.Errorf("funicular: reset: %w", err)
	}
	if err := d.attach(ctx); err != nil {
		return err
	}
	d.mu.Lock()
	d.state = Idle
	d.fault = ""
	d.current = nil
	d.mu.Unlock()
	d.log.Printf("funicular: recovered")
	return nil
}

// State reports the line state and, when faulted, the reason.
func (d *Dispatcher) State() (State, string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.state, d.fault
}

// History returns the completed trips.
func (d *Dispatcher) History() []TripRecord {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]TripRecord(nil), d.history...)
}

// Close halts a running trip and disconnects from the drive.
func (d *Dispatcher) Close() error {
	d.mu.Lock()
	if d.state == Closed {
		d.mu.Unlock()
		return nil
	}
	wasMoving := d.state == Moving
	d.state = Closed
	cancel := d.unsubscribe
	d.unsubscribe = nil
	d.mu.Unlock()

	var err error
	if wasMoving {
		err = d.drive.Halt("dispatcher closed")
	}
	if cancel != nil {
		cancel()
	}
	return err
}
