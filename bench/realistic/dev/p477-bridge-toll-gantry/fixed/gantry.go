package gantry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger used by the gantry.
type Logger interface {
	Printf(format string, args ...interface{})
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}

// Ledger debits prepaid transponder accounts at the back office.
type Ledger interface {
	Charge(ctx context.Context, account string, amountCents int64, ref string) error
}

// PlateCamera captures the licence plate of a vehicle at a lane.
type PlateCamera interface {
	Capture(ctx context.Context, lane int, at time.Time) (string, error)
}

var (
	ErrLedgerUnavailable = errors.New("ledger unavailable")
	ErrInsufficientFunds = errors.New("insufficient funds")
	ErrAccountClosed     = errors.New("account closed")
)

// Config configures a Gantry.
type Config struct {
	GantryID      string
	Ledger        Ledger
	Camera        PlateCamera
	Tariff        Tariff
	DedupWindow   time.Duration
	ChargeRetries int
	RetryBackoff  time.Duration
	Logger        Logger
}

// Violation is a crossing that could not be charged to a transponder account
// and is forwarded to enforcement with the captured plate.
type Violation struct {
	Lane        int
	At          time.Time
	TagID       string
	Plate       string
	Class       VehicleClass
	AmountCents int64
	Reason      string
}

// LaneReport summarises one settlement of one lane.
type LaneReport struct {
	Lane         int
	Passes       int
	Charged      int
	Duplicates   int
	RevenueCents int64
	Violations   []Violation
}

// Totals accumulates every settlement done by a gantry.
type Totals struct {
	Passes       int
	Charged      int
	Violations   int
	RevenueCents int64
}

// Gantry settles the transponder reads of the lanes under one toll gantry.
type Gantry struct {
	cfg Config
	log Logger

	mu     sync.Mutex
	totals Totals
}

// New validates cfg and returns a Gantry.
func New(cfg Config) (*Gantry, error) {
	if cfg.GantryID == "" {
		return nil, errors.New("gantry: GantryID is required")
	}
	if cfg.Ledger == nil {
		return nil, errors.New("gantry: Ledger is required")
	}
	if cfg.Camera == nil {
		return nil, errors.New("gantry: Camera is required")
	}
	if err := cfg.Tariff.validate(); err != nil {
		return nil, fmt.Errorf("gantry %s: %w", cfg.GantryID, err)
	}
	if cfg.DedupWindow <= 0 {
		cfg.DedupWindow = 2 * time.Minute
	}
	if cfg.ChargeRetries <= 0 {
		cfg.ChargeRetries = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 50 * time.Millisecond
	}
	lg := cfg.Logger
	if lg == nil {
		lg = discardLogger{}
	}
	return &Gantry{cfg: cfg, log: lg}, nil
}

// SettleLane drains the reads buffered by a lane controller, charges every
// tagged crossing to its account and turns the rest into violations. It
// stops at the first crossing the ledger cannot process so that the next
// settlement run picks up from there.
func (g *Gantry) SettleLane(ctx context.Context, lane int, src ReadSource) (*LaneReport, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	report := &LaneReport{Lane: lane}
	seen := make(map[string]time.Time)

	reads := streamReads(ctx, lane, src, g.log)
	for r := range reads {
		report.Passes++
		if r.TagID != "" {
			if last, ok := seen[r.TagID]; ok && r.At.Sub(last) < g.cfg.DedupWindow {
				report.Duplicates++
				continue
			}
			seen[r.TagID] = r.At
		}

		amount := g.cfg.Tariff.Price(r.Class, r.At)
		if r.TagID == "" || r.Account == "" {
			report.Violations = append(report.Violations, g.violation(ctx, r, amount, "no valid transponder"))
			continue
		}

		ref := fmt.Sprintf("%s-L%d-%s-%d", g.cfg.GantryID, lane, r.TagID, r.At.Unix())
		err := g.charge(ctx, r.Account, amount, ref)
		switch {
		case err == nil:
			report.Charged++
			report.RevenueCents += amount
		case errors.Is(err, ErrInsufficientFunds), errors.Is(err, ErrAccountClosed):
			report.Violations = append(report.Violations, g.violation(ctx, r, amount, err.Error()))
		default:
			g.record(report)
			return report, fmt.Errorf("gantry %s lane %d: charging tag %s: %w", g.cfg.GantryID, lane, r.TagID, err)
		}
	}
	g.record(report)
	g.log.Printf("gantry %s lane %d settled: %d passes, %d charged, %d violations",
		g.cfg.GantryID, lane, report.Passes, report.Charged, len(report.Violations))
	return report, nil
}

func (g *Gantry) charge(ctx context.Context, account string, amount int64, ref string) error {
	var err error
	for attempt := 1; attempt <= g.cfg.ChargeRetries; attempt++ {
		err = g.cfg.Ledger.Charge(ctx, account, amount, ref)
		if err == nil || !errors.Is(err, ErrLedgerUnavailable) {
			return err
		}
		g.log.Printf("ledger charge %s attempt %d/%d failed: %v", ref, attempt, g.cfg.ChargeRetries, err)
		if attempt == g.cfg.ChargeRetries {
			break
		}
		t := time.NewTimer(g.cfg.RetryBackoff * time.Duration(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return err
}

func (g *Gantry) violation(ctx context.Context, r TagRead, amount int64, reason string) Violation {
	v := Violation{
		Lane:        r.Lane,
		At:          r.At,
		TagID:       r.TagID,
		Class:       r.Class,
		AmountCents: amount,
		Reason:      reason,
	}
	plate, err := g.cfg.Camera.Capture(ctx, r.Lane, r.At)
	if err != nil {
		g.log.Printf("lane %d: plate capture at %s failed: %v", r.Lane, r.At.Format(time.RFC3339), err)
		plate = "UNREADABLE"
	}
	v.Plate = plate
	return v
}

func (g *Gantry) record(rep *LaneReport) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.totals.Passes += rep.Passes
	g.totals.Charged += rep.Charged
	g.totals.Violations += len(rep.Violations)
	g.totals.RevenueCents += rep.RevenueCents
}

// Totals returns the running totals of all settlements.
func (g *Gantry) Totals() Totals {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.totals
}
