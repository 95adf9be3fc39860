package flightlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"strings"
	"time"
)

// ErrImplausibleFix is returned in strict mode when two consecutive fixes
// imply a ground speed no bird could reach.
var ErrImplausibleFix = errors.New("flightlog: implausible fix")

// Source gives access to the daily log files uploaded by the base station.
type Source interface {
	Open(ctx context.Context, tracker string, day time.Time) (io.ReadCloser, error)
}

// Config controls how logs are cleaned and summarised.
type Config struct {
	// MaxSpeedMPS is the fastest ground speed accepted between two fixes.
	// A peregrine in a stoop reaches about 90 m/s.
	MaxSpeedMPS float64
	// MinSatellites discards fixes with a weaker constellation.
	MinSatellites int
	// LowBatteryPct flags a flight whose tracker dropped below this level.
	LowBatteryPct int
	// Strict aborts a summary on the first malformed or implausible fix
	// instead of skipping it.
	Strict bool
	Logger *log.Logger
}

// Option adjusts the Config used by an Analyzer.
type Option func(*Config)

// WithMaxSpeed sets the speed above which a fix is considered a GPS glitch.
func WithMaxSpeed(mps float64) Option { return func(c *Config) { c.MaxSpeedMPS = mps } }

// WithMinSatellites sets the minimum satellite count for a usable fix.
func WithMinSatellites(n int) Option { return func(c *Config) { c.MinSatellites = n } }

// WithStrict makes bad fixes fatal.
func WithStrict(strict bool) Option { return func(c *Config) { c.Strict = strict } }

// WithLogger sets the logger used for skipped fixes.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Analyzer turns raw tracker logs into per-flight summaries.
type Analyzer struct {
	src Source
	cfg Config
}

// NewAnalyzer returns an Analyzer reading logs from src.
func NewAnalyzer(src Source, opts ...Option) *Analyzer {
	cfg := Config{
		MaxSpeedMPS:   95,
		MinSatellites: 4,
		LowBatteryPct: 20,
		Logger:        log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	return &Analyzer{src: src, cfg: cfg}
}

// FlightSummary describes one bird's day of flying.
type FlightSummary struct {
	Tracker     string
	Start, End  time.Time
	Fixes       int
	Skipped     int
	DistanceM   float64
	MaxAltM     float64
	MaxSpeedMPS float64
	LowBattery  bool
}

// Duration is the time between the first and last accepted fix.
func (s *FlightSummary) Duration() time.Duration { return s.End.Sub(s.Start) }

// LineError reports the log line that made a strict summary fail.
type LineError struct {
	Tracker string
	Line    int
	Err     error
}

func (e *LineError) Error() string {
	return fmt.Sprintf("flightlog: %s line %d: %v", e.Tracker, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// Summarize reads the log of one tracker for one day and computes its flight
// statistics.
func (a *Analyzer) Summarize(ctx context.Context, tracker string, day time.Time) (*FlightSummary, error) {
	rc, err := a.src.Open(ctx, tracker, day)
	if err != nil {
		return nil, fmt.Errorf("flightlog: open %s %s: %w", tracker, day.Format("2006-01-02"), err)
	}
	defer rc.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	sum := &FlightSummary{Tracker: tracker}
	var prev *Fix

	for rec := range streamFixes(ctx, rc) {
		if rec.err != nil {
			if a.cfg.Strict {
				return nil, &LineError{Tracker: tracker, Line: rec.line, Err: rec.err}
			}
			a.cfg.Logger.Printf("%s line %d skipped: %v", tracker, rec.line, rec.err)
			sum.Skipped++
			continue
		}
		fx := rec.fix
		if fx.Tracker != tracker || fx.Satellites < a.cfg.MinSatellites {
			sum.Skipped++
			continue
		}

		if prev != nil {
			dt := fx.Time.Sub(prev.Time).Seconds()
			if dt <= 0 {
				a.cfg.Logger.Printf("%s line %d out of order", tracker, rec.line)
				sum.Skipped++
				continue
			}
			d := distanceM(*prev, fx)
			speed := d / dt
			if speed > a.cfg.MaxSpeedMPS {
				if a.cfg.Strict {
					return nil, &LineError{
						Tracker: tracker,
						Line:    rec.line,
						Err:     fmt.Errorf("%w: %.1f m/s", ErrImplausibleFix, speed),
					}
				}
				a.cfg.Logger.Printf("%s line %d: %.1f m/s, treating as glitch", tracker, rec.line, speed)
				sum.Skipped++
				continue
			}
			sum.DistanceM += d
			if speed > sum.MaxSpeedMPS {
				sum.MaxSpeedMPS = speed
			}
		} else {
			sum.Start = fx.Time
		}

		sum.End = fx.Time
		sum.Fixes++
		if fx.AltM > sum.MaxAltM {
			sum.MaxAltM = fx.AltM
		}
		if fx.Battery < a.cfg.LowBatteryPct {
			sum.LowBattery = true
		}
		cur := fx
		prev = &cur
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if sum.Fixes == 0 {
		return nil, fmt.Errorf("flightlog: %s: no usable fixes", tracker)
	}
	return sum, nil
}

// DayReport holds the summaries of all birds flown on one day.
type DayReport struct {
	Day     time.Time
	Flights []*FlightSummary
	Failed  map[string]error
}

// SummarizeDay summarises every tracker in turn. Trackers whose log cannot be
// summarised are listed in Failed; the rest of the mews is still reported.
func (a *Analyzer) SummarizeDay(ctx context.Context, day time.Time, trackers []string) (*DayReport, error) {
	rep := &DayReport{Day: day, Failed: make(map[string]error)}
	for _, tr := range trackers {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		s, err := a.Summarize(ctx, tr, day)
		if err != nil {
			a.cfg.Logger.Printf("summary for %s failed: %v", tr, err)
			rep.Failed[tr] = err
			continue
		}
		rep.Flights = append(rep.Flights, s)
	}
	sort.Slice(rep.Flights, func(i, j int) bool {
		return rep.Flights[i].DistanceM > rep.Flights[j].DistanceM
	})
	return rep, nil
}

// String renders the report as a short table for the falconer's notebook.
func (r *DayReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "flights on %s\n", r.Day.Format("2006-01-02"))
	for _, s := range r.Flights {
		fmt.Fprintf(&b, "  %-12s %6.0f m  %5.0f m alt  %4.1f m/s  %s\n",
			s.Tracker, s.DistanceM, s.MaxAltM, s.MaxSpeedMPS, s.Duration())
	}
	for tr, err := range r.Failed {
		fmt.Fprintf(&b, "  %-12s FAILED: %v\n", tr, err)
	}
	return b.String()
}
