package lockkeeper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config describes the lock this keeper looks after.
type Config struct {
	Name           string
	ChamberLength  float64
	ChamberBeam    float64
	InitialLevel   Level
	GateTimeout    time.Duration
	RequireLicence bool
}

// Option customises a Keeper.
type Option func(*Keeper)

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option {
	return func(k *Keeper) { k.log = l }
}

// WithClock replaces time.Now, mainly for tests.
func WithClock(now func() time.Time) Option {
	return func(k *Keeper) { k.now = now }
}

// Keeper works a single-chamber canal lock, passing vessels one at a time.
type Keeper struct {
	cfg     Config
	sluice  Sluice
	book    Logbook
	log     *log.Logger
	now     func() time.Time
	chamber *chamber

	mu     sync.Mutex
	closed bool
	ctx    context.Context
	cancel context.CancelFunc
}

// New returns a keeper for the lock described by cfg.
func New(cfg Config, sluice Sluice, book Logbook, opts ...Option) (*Keeper, error) {
	if sluice == nil || book == nil {
		return nil, fmt.Errorf("lockkeeper: sluice and logbook are required")
	}
	if cfg.ChamberLength <= 0 || cfg.ChamberBeam <= 0 {
		return nil, fmt.Errorf("lockkeeper: invalid chamber size %.1fx%.1f", cfg.ChamberLength, cfg.ChamberBeam)
	}
	if cfg.GateTimeout <= 0 {
		cfg.GateTimeout = 2 * time.Minute
	}
	if cfg.Name == "" {
		cfg.Name = "lock"
	}
	ctx, cancel := context.WithCancel(context.Background())
	k := &Keeper{
		cfg:     cfg,
		sluice:  sluice,
		book:    book,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
		chamber: newChamber(cfg.InitialLevel),
		ctx:     ctx,
		cancel:  cancel,
	}
	for _, o := range opts {
		o(k)
	}
	return k, nil
}

// Submit queues a vessel for passage. It returns immediately; the outcome
// is written to the logbook.
func (k *Keeper) Submit(v Vessel) error {
	if err := k.admit(v); err != nil {
		k.book.Record(Entry{Vessel: v.Name, From: v.From, Outcome: TurnedAway, Err: err, At: k.now()})
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return ErrClosed
	}
	go k.pass(k.ctx, v, k.now())
	return nil
}

func (k *Keeper) admit(v Vessel) error {
	if v.Length > k.cfg.ChamberLength || v.Beam > k.cfg.ChamberBeam {
		return fmt.Errorf("%w: %s is %.1fx%.1f", ErrTooLarge, v.Name, v.Length, v.Beam)
	}
	if k.cfg.RequireLicence && v.Licence == "" {
		return fmt.Errorf("%w: %s", ErrNoLicence, v.Name)
	}
	return nil
}

func (k *Keeper) pass(ctx context.Context, v Vessel, arrived time.Time) {
	level, err := k.chamber.acquire()
	waited := k.now().Sub(arrived)
	if err != nil {
		k.log.Printf("%s: %s turned away after %s: %v", k.cfg.Name, v.Name, waited, err)
		k.book.Record(Entry{Vessel: v.Name, From: v.From, Outcome: TurnedAway, Err: err, Waited: waited, At: k.now()})
		return
	}

	start := k.now()
	left, err := k.work(ctx, v, level)
	k.chamber.release(left)

	e := Entry{Vessel: v.Name, From: v.From, Outcome: Passed, Waited: waited, Duration: k.now().Sub(start), At: k.now()}
	if err != nil {
		e.Outcome, e.Err = Failed, err
		k.log.Printf("%s: passage of %s failed: %v", k.cfg.Name, v.Name, err)
	} else {
		k.log.Printf("%s: %s passed %s to %s in %s", k.cfg.Name, v.Name, v.From, v.From.Other(), e.Duration)
	}
	k.book.Record(e)
}

// work runs one full lock cycle for v and returns the level the chamber is
// left at.
func (k *Keeper) work(ctx context.Context, v Vessel, level Level) (Level, error) {
	if level != v.From {
		k.log.Printf("%s: turning chamber round from %s for %s", k.cfg.Name, level, v.Name)
		if err := k.equalise(ctx, v.From); err != nil {
			return level, fmt.Errorf("turnaround: %w", err)
		}
		level = v.From
	}
	if err := k.gate(ctx, k.sluice.OpenGate, v.From); err != nil {
		return level, fmt.Errorf("open %s gate: %w", v.From, err)
	}
	if err := k.gate(ctx, k.sluice.CloseGate, v.From); err != nil {
		return level, fmt.Errorf("close %s gate: %w", v.From, err)
	}
	to := v.From.Other()
	if err := k.equalise(ctx, to); err != nil {
		return level, err
	}
	level = to
	if err := k.gate(ctx, k.sluice.OpenGate, to); err != nil {
		return level, fmt.Errorf("open %s gate: %w", to, err)
	}
	if err := k.gate(ctx, k.sluice.CloseGate, to); err != nil {
		return level, fmt.Errorf("close %s gate: %w", to, err)
	}
	return level, nil
}

func (k *Keeper) equalise(ctx context.Context, to Level) error {
	if err := k.sluice.Equalise(ctx, to); err != nil {
		return fmt.Errorf("equalise to %s: %w", to, err)
	}
	return nil
}

func (k *Keeper) gate(ctx context.Context, op func(context.Context, Level) error, side Level) error {
	ctx, cancel := context.WithTimeout(ctx, k.cfg.GateTimeout)
	defer cancel()
	err := op(ctx, side)
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrGateTimeout
	}
	return err
}

// Status reports the current state of the lock.
type Status struct {
	Waiting  int
	Cycles   int
	Occupied bool
	Level    Level
	Closed   bool
}

// Status returns a snapshot of the lock.
func (k *Keeper) Status() Status {
	w, c, o, l := k.chamber.snapshot()
	k.mu.Lock()
	defer k.mu.Unlock()
	return Status{Waiting: w, Cycles: c, Occupied: o, Level: l, Closed: k.closed}
}

// Close shuts the lock for the day. The vessel in the chamber, if any, is
// allowed to finish; vessels still queued are turned away.
func (k *Keeper) Close() {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return
	}
	k.closed = true
	k.mu.Unlock()

	k.log.Printf("%s: closing for the day", k.cfg.Name)
	k.chamber.shut()
}

// Abort closes the lock and interrupts the vessel currently in the chamber.
func (k *Keeper) Abort() {
	k.Close()
	k.cancel()
}
