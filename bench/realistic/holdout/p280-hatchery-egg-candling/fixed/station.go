// Package candling runs the candling room of a hatchery: trays of eggs are
// held against a shared lamp, an imager grades each egg, and the result of
// every tray is written to the hatchery ledger so that clears and dead
// embryos can be pulled before transfer to the hatcher.
package candling

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Egg is one position on a setter tray.
type Egg struct {
	Pos   int
	Flock string
}

// Tray is a setter tray taken out of an incubator for candling.
type Tray struct {
	ID     string
	Setter string
	Day    int // day of incubation
	Eggs   []Egg
}

// TrayReport is the result of candling one tray.
type TrayReport struct {
	TrayID   string
	Setter   string
	Day      int
	Table    string
	Verdicts map[Verdict]int
	Remove   []int // positions to pull from the tray
	At       time.Time
}

// Imager captures a reading of the egg at a tray position.
type Imager interface {
	Capture(ctx context.Context, trayID string, pos int) (Reading, error)
}

// Ledger stores candling results per setter and tray.
type Ledger interface {
	Record(ctx context.Context, r TrayReport) error
}

var (
	ErrClosed          = errors.New("candling: station closed")
	ErrLampUnavailable = errors.New("candling: lamp unavailable")
	ErrLampFault       = errors.New("candling: lamp fault")
	ErrBadTray         = errors.New("candling: invalid tray")
)

// Config controls a Station.
type Config struct {
	// AcquireTimeout bounds how long a table waits for the lamp.
	AcquireTimeout time.Duration
	Thresholds     Thresholds
	Logger         *log.Logger
	Now            func() time.Time
}

// Station coordinates the tables of one candling room around its lamp.
type Station struct {
	cfg       Config
	imager    Imager
	ledger    Ledger
	log       *log.Logger
	stopWatch func()

	mu     sync.Mutex
	cond   *sync.Cond
	status LampStatus
	busy   bool
	holder string
	closed bool
}

// NewStation starts watching lamp and returns a station ready for trays.
func NewStation(lamp Lamp, imager Imager, ledger Ledger, cfg Config) (*Station, error) {
	if lamp == nil || imager == nil || ledger == nil {
		return nil, errors.New("candling: lamp, imager and ledger are required")
	}
	if cfg.AcquireTimeout == 0 {
		cfg.AcquireTimeout = 2 * time.Minute
	}
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = DefaultThresholds
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Station{cfg: cfg, imager: imager, ledger: ledger, log: cfg.Logger}
	s.cond = sync.NewCond(&s.mu)
	s.stopWatch = lamp.Watch(s.onLamp)
	return s, nil
}

func validateTray(t Tray) error {
	switch {
	case t.ID == "" || t.Setter == "":
		return fmt.Errorf("%w: tray and setter id are required", ErrBadTray)
	case t.Day < 5 || t.Day > 19:
		return fmt.Errorf("%w: tray %s on day %d cannot be candled", ErrBadTray, t.ID, t.Day)
	case len(t.Eggs) == 0:
		return fmt.Errorf("%w: tray %s is empty", ErrBadTray, t.ID)
	}
	seen := make(map[int]bool, len(t.Eggs))
	for _, e := range t.Eggs {
		if seen[e.Pos] {
			return fmt.Errorf("%w: tray %s has two eggs at position %d", ErrBadTray, t.ID, e.Pos)
		}
		seen[e.Pos] = true
	}
	return nil
}

// CandleTray grades every egg on tray at the given table and records the
// result. It waits for the lamp at most cfg.AcquireTimeout.
func (s *Station) CandleTray(ctx context.Context, table string, tray Tray) (TrayReport, error) {
	if err := validateTray(tray); err != nil {
		return TrayReport{}, err
	}
	actx, cancel := context.WithTimeout(ctx, s.cfg.AcquireTimeout)
	err := s.acquire(actx, table)
	cancel()
	if err != nil {
		return TrayReport{}, err
	}
	defer s.release()

	report := TrayReport{
		TrayID:   tray.ID,
		Setter:   tray.Setter,
		Day:      tray.Day,
		Table:    table,
		Verdicts: make(map[Verdict]int),
	}
	for _, egg := range tray.Eggs {
		if err := ctx.Err(); err != nil {
			return report, err
		}
		if fault := s.lampFault(); fault != "" {
			return report, fmt.Errorf("%w: %s while candling tray %s", ErrLampFault, fault, tray.ID)
		}
		v := Unreadable
		r, err := s.imager.Capture(ctx, tray.ID, egg.Pos)
		if err != nil {
			s.log.Printf("tray %s pos %d: capture: %v", tray.ID, egg.Pos, err)
		} else {
			v = grade(tray.Day, r, s.cfg.Thresholds)
		}
		report.Verdicts[v]++
		if v != Fertile {
			report.Remove = append(report.Remove, egg.Pos)
		}
	}
	report.At = s.cfg.Now()
	if err := s.ledger.Record(ctx, report); err != nil {
		return report, fmt.Errorf("candling: record tray %s: %w", tray.ID, err)
	}
	s.log.Printf("table %s: tray %s (setter %s, day %d): %d eggs, %d to remove",
		table, tray.ID, tray.Setter, tray.Day, len(tray.Eggs), len(report.Remove))
	return report, nil
}

// Close stops watching the lamp and turns away tables still waiting for it.
func (s *Station) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	holder := s.holder
	s.mu.Unlock()

	s.stopWatch()
	s.cond.Broadcast()
	if holder != "" {
		s.log.Printf("closing while table %s still holds the lamp", holder)
	}
	return nil
}
