package retort

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// CanSize is a standard can designation, e.g. "300x407".
type CanSize string

// Batch is one crate load of sealed cans awaiting thermal processing.
type Batch struct {
	ID         string
	Product    string
	Can        CanSize
	Cans       int
	RequiredF0 float64 // minutes at 121.1 °C equivalent
	HoldTime   time.Duration
}

// CookRecord is the data logged by a retort controller for one cycle.
type CookRecord struct {
	RetortID   int
	Start, End time.Time
	MinTempC   float64
	F0         float64
	Notes      string
}

// Sterilizer runs a cook cycle in a given retort.
type Sterilizer interface {
	Cook(ctx context.Context, retortID int, b Batch) (CookRecord, error)
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Disposition of a processed batch.
type Disposition int

// Dispositions.
const (
	Released Disposition = iota + 1
	Held
	Rejected
)

func (d Disposition) String() string {
	switch d {
	case Released:
		return "released"
	case Held:
		return "held"
	case Rejected:
		return "rejected"
	}
	return fmt.Sprintf("Disposition(%d)", int(d))
}

// Outcome is reported for every submitted batch.
type Outcome struct {
	BatchID     string
	RetortID    int
	Disposition Disposition
	Record      CookRecord
	Deviation   *Deviation
	Err         error
	Waited      time.Duration
}

// Config configures a Line.
type Config struct {
	Retorts   int
	MinF0     float64 // floor applied to every batch regardless of product
	Sterilize Sterilizer
	Logger    Logger
	Now       func() time.Time
}

// Line schedules batches onto a bank of retorts.
type Line struct {
	cfg  Config
	bank *bank

	mu        sync.Mutex
	submitted map[string]bool
	wg        sync.WaitGroup
}

// Errors.
var (
	ErrDuplicateBatch = errors.New("retort: batch already submitted")
	ErrInvalidBatch   = errors.New("retort: invalid batch")
)

// NewLine validates cfg and returns a Line.
func NewLine(cfg Config) (*Line, error) {
	if cfg.Retorts < 1 {
		return nil, fmt.Errorf("retort: need at least one retort, got %d", cfg.Retorts)
	}
	if cfg.Sterilize == nil {
		return nil, errors.New("retort: no sterilizer configured")
	}
	if cfg.Logger == nil {
		return nil, errors.New("retort: no logger configured")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MinF0 <= 0 {
		cfg.MinF0 = 3.0
	}
	return &Line{
		cfg:       cfg,
		bank:      newBank(cfg.Retorts, cfg.Logger),
		submitted: make(map[string]bool),
	}, nil
}

// Status reports the state of every retort.
func (l *Line) Status() []RetortStatus { return l.bank.status() }

// Wait blocks until every submitted batch has been reported.
func (l *Line) Wait() { l.wg.Wait() }

// Submit queues a batch. done is called exactly once with the outcome, from
// another goroutine.
func (l *Line) Submit(ctx context.Context, b Batch, done func(Outcome)) error {
	if b.ID == "" || b.Cans <= 0 || b.RequiredF0 <= 0 {
		return fmt.Errorf("%w: %+v", ErrInvalidBatch, b)
	}
	l.mu.Lock()
	if l.submitted[b.ID] {
		l.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrDuplicateBatch, b.ID)
	}
	l.submitted[b.ID] = true
	l.mu.Unlock()

	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		done(l.process(ctx, b))
	}()
	return nil
}

func (l *Line) process(ctx context.Context, b Batch) Outcome {
	queued := l.cfg.Now()
	id := l.bank.acquire(b.ID)
	out := Outcome{BatchID: b.ID, RetortID: id, Waited: l.cfg.Now().Sub(queued)}

	rec, err := l.cfg.Sterilize.Cook(ctx, id, b)
	out.Record = rec
	required := math.Max(b.RequiredF0, l.cfg.MinF0)

	switch {
	case err != nil:
		out.Err = err
		out.Disposition = Rejected
		out.Deviation = &Deviation{BatchID: b.ID, RetortID: id, RequiredF0: required, AchievedF0: rec.F0, Reason: err.Error()}
	case rec.F0 < required:
		out.Disposition = Held
		out.Deviation = &Deviation{BatchID: b.ID, RetortID: id, RequiredF0: required, AchievedF0: rec.F0, Reason: "under-processed"}
	default:
		out.Disposition = Released
	}

	l.bank.release(id, l.cfg.Now(), out.Deviation)
	if out.Deviation == nil {
		l.cfg.Logger.Printf("batch %s (%s, %d x %s) released from retort %d, F0 %.2f",
			b.ID, b.Product, b.Cans, b.Can, id, rec.F0)
	}
	return out
}
