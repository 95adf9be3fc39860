package platescan

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Image is a digitised plate.
type Image struct {
	Width, Height int
	DPI           int
	Checksum      string
}

// Scanner drives the flatbed or camera rig.
type Scanner interface {
	Scan(ctx context.Context, plateID string, dpi int) (Image, error)
}

// ErrRescan marks scanner failures worth retrying (focus, lamp warm-up).
var ErrRescan = errors.New("platescan: rescan needed")

// Scan is one successful scan of a plate.
type Scan struct {
	PlateID string
	Attempt int
	Image   Image
	At      time.Time
}

// Summary reports a digitising session.
type Summary struct {
	Scanned []string
	Failed  map[string]error
}

// DigitizerOption customises a Digitizer.
type DigitizerOption func(*Digitizer)

// WithDPI sets the scan resolution.
func WithDPI(dpi int) DigitizerOption { return func(d *Digitizer) { d.dpi = dpi } }

// WithAttempts sets how many times a plate is tried on ErrRescan.
func WithAttempts(n int) DigitizerOption { return func(d *Digitizer) { d.attempts = n } }

// WithOnScanned registers a callback run after each successful scan.
func WithOnScanned(fn func(Scan)) DigitizerOption {
	return func(d *Digitizer) { d.onScanned = append(d.onScanned, fn) }
}

// WithDigitizerLogger sets the logger.
func WithDigitizerLogger(l Logger) DigitizerOption { return func(d *Digitizer) { d.log = l } }

// Digitizer feeds plates through a scanner one at a time.
type Digitizer struct {
	scanner   Scanner
	dpi       int
	attempts  int
	onScanned []func(Scan)
	log       Logger
}

// NewDigitizer creates a Digitizer.
func NewDigitizer(scanner Scanner, opts ...DigitizerOption) (*Digitizer, error) {
	if scanner == nil {
		return nil, errors.New("platescan: nil scanner")
	}
	d := &Digitizer{scanner: scanner, dpi: 1600, attempts: 3, log: log.Default()}
	for _, opt := range opts {
		opt(d)
	}
	if d.dpi < 300 || d.attempts < 1 {
		return nil, fmt.Errorf("platescan: invalid digitizer settings dpi=%d attempts=%d", d.dpi, d.attempts)
	}
	return d, nil
}

// Run scans the plates in order. Plates that cannot be scanned are listed
// in the summary; only a cancelled context stops the session early.
func (d *Digitizer) Run(ctx context.Context, plateIDs []string) (Summary, error) {
	sum := Summary{Failed: map[string]error{}}
	for _, id := range plateIDs {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		scan, err := d.scanOne(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			d.log.Printf("platescan: plate %s: %v", id, err)
			sum.Failed[id] = err
			continue
		}
		sum.Scanned = append(sum.Scanned, id)
		for _, fn := range d.onScanned {
			fn(scan)
		}
	}
	return sum, nil
}

func (d *Digitizer) scanOne(ctx context.Context, id string) (Scan, error) {
	var lastErr error
	for attempt := 1; attempt <= d.attempts; attempt++ {
		img, err := d.scanner.Scan(ctx, id, d.dpi)
		if err == nil {
			return Scan{PlateID: id, Attempt: attempt, Image: img, At: time.Now()}, nil
		}
		if !errors.Is(err, ErrRescan) {
			return Scan{}, err
		}
		lastErr = err
	}
	return Scan{}, fmt.Errorf("gave up after %d attempts: %w", d.attempts, lastErr)
}
