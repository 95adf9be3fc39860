package dispatch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// ErrNoWindow means the vessel cannot make the transit within the allowed wait.
var ErrNoWindow = errors.New("dispatch: no tidal window")

// Window is a period of sufficient water in the fairway.
type Window struct {
	Open  time.Time
	Close time.Time
}

// TideService predicts fairway depth from the harbour's tide gauges.
type TideService interface {
	// Window returns the first window at or after t with at least depth metres
	// of water over the fairway's controlling depth.
	Window(ctx context.Context, depth float64, t time.Time) (Window, error)
}

// Config controls how the dispatcher plans a shift.
type Config struct {
	Workers      int
	UKC          float64       // required under-keel clearance, metres
	MaxTideWait  time.Duration // longest a vessel may wait for its window
	BoardingLead time.Duration // pilot boards this long before the transit starts
	Transit      time.Duration // time a pilot spends on a job
	MinRest      time.Duration // rest between jobs
	PlanTimeout  time.Duration
	Logger       *log.Logger
}

// Option adjusts the Config.
type Option func(*Config)

// WithWorkers sets how many movements are prepared concurrently.
func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

// WithUKC sets the required under-keel clearance.
func WithUKC(m float64) Option { return func(c *Config) { c.UKC = m } }

// WithMaxTideWait sets how long a vessel may wait for a tidal window.
func WithMaxTideWait(d time.Duration) Option { return func(c *Config) { c.MaxTideWait = d } }

// WithPlanTimeout bounds the time spent planning one shift.
func WithPlanTimeout(d time.Duration) Option { return func(c *Config) { c.PlanTimeout = d } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Dispatcher plans pilot assignments for a shift.
type Dispatcher struct {
	cfg    Config
	tides  TideService
	pilots []Pilot
	log    *log.Logger
}

// New returns a Dispatcher for the pilots on the roster.
func New(tides TideService, roster []Pilot, opts ...Option) (*Dispatcher, error) {
	cfg := Config{
		Workers:      4,
		UKC:          1.2,
		MaxTideWait:  6 * time.Hour,
		BoardingLead: 45 * time.Minute,
		Transit:      2 * time.Hour,
		MinRest:      time.Hour,
		PlanTimeout:  30 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if tides == nil {
		return nil, errors.New("dispatch: tide service required")
	}
	if len(roster) == 0 {
		return nil, errors.New("dispatch: empty roster")
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	pilots := append([]Pilot(nil), roster...)
	sort.SliceStable(pilots, func(i, j int) bool { return pilots[i].Grade < pilots[j].Grade })
	return &Dispatcher{cfg: cfg, tides: tides, pilots: pilots, log: cfg.Logger}, nil
}

// Assignment is one pilot on one movement.
type Assignment struct {
	Movement Movement
	Pilot    string
	Board    time.Time
	Window   Window
}

// Schedule is the plan for a shift.
type Schedule struct {
	Assignments []Assignment
	Unassigned  []Movement
}

type leg struct {
	move   Movement
	window Window
	board  time.Time
	err    error
}

// Plan works out tidal windows for the movements and assigns pilots to them.
// Movements that cannot be served are listed as unassigned; a failure to get
// tide predictions aborts the plan.
func (d *Dispatcher) Plan(ctx context.Context, moves []Movement) (*Schedule, error) {
	if len(moves) == 0 {
		return &Schedule{}, nil
	}
	planCtx, cancel := context.WithTimeout(ctx, d.cfg.PlanTimeout)
	defer cancel()

	jobs := make(chan Movement)
	results := make(chan leg)
	go func() {
		defer close(jobs)
		for _, m := range moves {
			select {
			case jobs <- m:
			case <-planCtx.Done():
				return
			}
		}
	}()
	workers := d.cfg.Workers
	if workers > len(moves) {
		workers = len(moves)
	}
	for i := 0; i < workers; i++ {
		go d.worker(ctx, jobs, results)
	}

	sched := &Schedule{}
	legs := make([]leg, 0, len(moves))
	for range moves {
		select {
		case l := <-results:
			switch {
			case errors.Is(l.err, ErrNoWindow):
				d.log.Printf("%s %s: %v", l.move.ID, l.move.Vessel.Name, l.err)
				sched.Unassigned = append(sched.Unassigned, l.move)
			case l.err != nil:
				return nil, fmt.Errorf("dispatch: movement %s: %w", l.move.ID, l.err)
			default:
				legs = append(legs, l)
			}
		case <-planCtx.Done():
			return nil, fmt.Errorf("dispatch: planning: %w", planCtx.Err())
		}
	}
	d.allocate(sched, legs)
	return sched, nil
}

func (d *Dispatcher) worker(ctx context.Context, jobs <-chan Movement, results chan<- leg) {
	for m := range jobs {
		l := d.prepare(ctx, m)
		select { // leak: selects on the caller ctx, never cancelled when Plan returns early
		case results <- l:
		case <-ctx.Done():
			return
		}
	}
}

func (d *Dispatcher) prepare(ctx context.Context, m Movement) leg {
	l := leg{move: m}
	depth := m.Vessel.Draft + d.cfg.UKC
	w, err := d.tides.Window(ctx, depth, m.ETA)
	if err != nil {
		l.err = fmt.Errorf("tide window for %.1fm: %w", depth, err)
		return l
	}
	start := m.ETA
	if w.Open.After(start) {
		start = w.Open
	}
	if start.Sub(m.ETA) > d.cfg.MaxTideWait || !start.Add(time.Minute).Before(w.Close) {
		l.err = fmt.Errorf("%w: %s needs %.1fm, next water at %s", ErrNoWindow,
			m.Vessel.Name, depth, w.Open.Format("15:04"))
		return l
	}
	l.window = w
	l.board = start.Add(-d.cfg.BoardingLead)
	return l
}

func (d *Dispatcher) allocate(sched *Schedule, legs []leg) {
	sort.Slice(legs, func(i, j int) bool {
		if !legs[i].board.Equal(legs[j].board) {
			return legs[i].board.Before(legs[j].board)
		}
		return legs[i].move.ID < legs[j].move.ID
	})
	freeAt := make(map[string]time.Time, len(d.pilots))
	for _, l := range legs {
		end := l.board.Add(d.cfg.Transit)
		chosen := ""
		for _, p := range d.pilots {
			if !p.canTake(l.move.Vessel) || l.board.Before(p.OnDuty) || end.After(p.OffDuty) {
				continue
			}
			if free, ok := freeAt[p.Name]; ok && l.board.Before(free) {
				continue
			}
			chosen = p.Name
			break
		}
		if chosen == "" {
			d.log.Printf("%s %s: no %s pilot free at %s", l.move.ID, l.move.Vessel.Name,
				RequiredGrade(l.move.Vessel), l.board.Format("15:04"))
			sched.Unassigned = append(sched.Unassigned, l.move)
			continue
		}
		freeAt[chosen] = end.Add(d.cfg.MinRest)
		sched.Assignments = append(sched.Assignments, Assignment{
			Movement: l.move, Pilot: chosen, Board: l.board, Window: l.window,
		})
	}
}
