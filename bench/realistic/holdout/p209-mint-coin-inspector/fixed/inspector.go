package inspector

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Scanner measures a struck coin. Implementations talk to the optical
// and mass stations on the inspection line.
type Scanner interface {
	Measure(ctx context.Context, c Coin) (Measurement, error)
}

// Logger is the subset of *log.Logger used by the inspector.
type Logger interface {
	Printf(format string, args ...interface{})
}

// ErrDieFailure is matched by errors returned when a lot is halted
// because a die is failing.
var ErrDieFailure = errors.New("inspector: die failure")

// DieFailureError reports the coin that revealed a failing die.
type DieFailureError struct {
	Press  string
	DieID  string
	Serial string
	Defect Defect
}

func (e *DieFailureError) Error() string {
	return fmt.Sprintf("inspector: die %s on press %s failing (coin %s: %s)",
		e.DieID, e.Press, e.Serial, e.Defect.Detail)
}

// Unwrap lets errors.Is match ErrDieFailure.
func (e *DieFailureError) Unwrap() error { return ErrDieFailure }

// Option configures an Inspector.
type Option func(*Inspector)

// WithWorkers sets how many coins are scanned concurrently.
func WithWorkers(n int) Option { return func(in *Inspector) { in.workers = n } }

// WithScanTimeout bounds the time spent measuring a single coin.
func WithScanTimeout(d time.Duration) Option { return func(in *Inspector) { in.scanTimeout = d } }

// WithSpecs replaces the reference specs.
func WithSpecs(specs map[Denomination]Spec) Option { return func(in *Inspector) { in.specs = specs } }

// WithHaltOnCritical stops a lot as soon as a critical defect is found.
func WithHaltOnCritical(halt bool) Option { return func(in *Inspector) { in.haltOnCritical = halt } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(in *Inspector) { in.log = l } }

// Inspector grades lots of coins coming off the presses.
type Inspector struct {
	scanner        Scanner
	specs          map[Denomination]Spec
	workers        int
	scanTimeout    time.Duration
	haltOnCritical bool
	log            Logger

	mu    sync.Mutex
	stats Stats
}

// New returns an Inspector that measures coins with scanner.
func New(scanner Scanner, opts ...Option) (*Inspector, error) {
	if scanner == nil {
		return nil, errors.New("inspector: nil scanner")
	}
	in := &Inspector{
		scanner:        scanner,
		specs:          DefaultSpecs(),
		workers:        4,
		scanTimeout:    2 * time.Second,
		haltOnCritical: true,
		log:            log.Default(),
	}
	for _, opt := range opts {
		opt(in)
	}
	if in.workers < 1 {
		return nil, fmt.Errorf("inspector: invalid worker count %d", in.workers)
	}
	return in, nil
}

// Stats returns a copy of the running totals.
func (in *Inspector) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.stats
}

// InspectLot scans every coin of lot and returns the lot report. When the
// inspector halts on critical defects, the partial report is returned with a
// *DieFailureError.
func (in *Inspector) InspectLot(ctx context.Context, lot Lot) (*LotReport, error) {
	report := newLotReport(lot)
	if len(lot.Coins) == 0 {
		report.Finished = time.Now()
		return report, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Coin)
	results := make(chan Verdict)

	go func() {
		defer close(jobs)
		for _, c := range lot.Coins {
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()

	workers := in.workers
	if workers > len(lot.Coins) {
		workers = len(lot.Coins)
	}
	for i := 0; i < workers; i++ {
		go in.worker(ctx, jobs, results)
	}

	defer in.recordLot(report)
	for range lot.Coins {
		var v Verdict
		select {
		case v = <-results:
		case <-ctx.Done():
			report.Finished = time.Now()
			return report, ctx.Err()
		}
		report.add(v)
		if v.Err != nil {
			in.log.Printf("inspector: lot %s coin %s: scan failed: %v", lot.ID, v.Coin.Serial, v.Err)
			continue
		}
		if d, ok := v.Critical(); ok && in.haltOnCritical {
			report.Finished = time.Now()
			in.log.Printf("inspector: lot %s halted at coin %s: %s", lot.ID, v.Coin.Serial, d.Detail)
			return report, &DieFailureError{
				Press:  v.Coin.Press,
				DieID:  v.Coin.DieID,
				Serial: v.Coin.Serial,
				Defect: d,
			}
		}
	}
	report.Finished = time.Now()
	in.log.Printf("inspector: %s", report.Summary())
	return report, nil
}

func (in *Inspector) worker(ctx context.Context, jobs <-chan Coin, results chan<- Verdict) {
	for c := range jobs {
		v := in.inspectOne(ctx, c)
		select {
		case results <- v:
		case <-ctx.Done():
			return
		}
	}
}

func (in *Inspector) inspectOne(ctx context.Context, c Coin) Verdict {
	start := time.Now()
	v := Verdict{Coin: c}
	spec, ok := in.specs[c.Denomination]
	if !ok {
		v.Grade = GradeUnscanned
		v.Err = fmt.Errorf("no spec for denomination %q", c.Denomination)
		return v
	}

	scanCtx, cancel := context.WithTimeout(ctx, in.scanTimeout)
	defer cancel()
	m, err := in.scanner.Measure(scanCtx, c)
	v.Elapsed = time.Since(start)
	if err != nil {
		v.Grade = GradeUnscanned
		v.Err = err
		return v
	}
	v.Defects = evaluate(spec, m)
	v.Grade = grade(v.Defects)
	return v
}

func (in *Inspector) recordLot(r *LotReport) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.Lots++
	in.stats.Coins += r.Inspected
	in.stats.Scrapped += r.ByGrade[GradeScrap]
	in.stats.ScanErrors += r.Errors
	if r.ByDefect["CRK"] > 0 {
		in.stats.DieFailures++
	}
}
