package drill

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// Config holds the drill parameters set by the master.
type Config struct {
	Officers       int           // stations mustered at the same time
	MusterDeadline time.Duration // crew scanning later than this are marked late
	TimeLimit      time.Duration // the drill is called off after this
}

// Option customises a Drill.
type Option func(*Drill)

// WithLogger sets the drill log.
func WithLogger(l *log.Logger) Option { return func(d *Drill) { d.log = l } }

// WithClock replaces time.Now, for replaying recorded drills.
func WithClock(now func() time.Time) Option { return func(d *Drill) { d.now = now } }

// StationResult is the outcome of mustering one station.
type StationResult struct {
	Boat    string
	Present []string
	Late    []string
	Missing []string
	Status  BoatStatus
	Hazard  *HazardError
	Elapsed time.Duration
}

// Report is the drill record entered in the official log book.
type Report struct {
	Vessel   string
	Started  time.Time
	Finished time.Time
	Stations []StationResult
	Halted   bool
	TimedOut bool
}

// Drill runs an abandon-ship muster drill over a roster.
type Drill struct {
	cfg       Config
	roster    Roster
	badges    Badges
	inspector Inspector
	pa        Announcer
	log       *log.Logger
	now       func() time.Time
}

// New validates the roster and returns a drill ready to run.
func New(cfg Config, roster Roster, badges Badges, inspector Inspector, pa Announcer, opts ...Option) (*Drill, error) {
	if badges == nil || inspector == nil || pa == nil {
		return nil, errors.New("drill: badges, inspector and announcer are required")
	}
	if err := roster.Validate(); err != nil {
		return nil, err
	}
	if cfg.Officers <= 0 {
		cfg.Officers = 2
	}
	if cfg.MusterDeadline <= 0 {
		cfg.MusterDeadline = 5 * time.Minute
	}
	if cfg.TimeLimit <= 0 {
		cfg.TimeLimit = 30 * time.Minute
	}
	d := &Drill{
		cfg: cfg, roster: roster, badges: badges, inspector: inspector, pa: pa,
		log: log.New(io.Discard, "", 0), now: time.Now,
	}
	for _, o := range opts {
		o(d)
	}
	return d, nil
}

// Run sounds the alarm, musters every station and returns the report. A
// hazard found at any station suspends the drill at once.
func (d *Drill) Run(ctx context.Context) (*Report, error) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.TimeLimit)
	defer cancel()

	alarm := d.now()
	rep := &Report{Vessel: d.roster.Vessel, Started: alarm}
	d.announce(ctx, "General emergency alarm. This is a drill. All crew to your muster stations.")

	g := newGroup(ctx, d.cfg.Officers)
	results := make(chan StationResult, len(d.roster.Stations))
	go func() {
		for _, st := range d.roster.Stations {
			st := st
			g.Go(func(ctx context.Context) error {
				res, err := d.muster(ctx, st, alarm)
				results <- res
				return err
			})
		}
		if err := g.Wait(); err != nil {
			d.log.Printf("drill %s: stations stood down: %v", d.roster.Vessel, err)
		}
		close(results)
	}()

	defer func() {
		rep.Finished = d.now()
		sort.Slice(rep.Stations, func(i, j int) bool { return rep.Stations[i].Boat < rep.Stations[j].Boat })
	}()
	for {
		select {
		case res, ok := <-results:
			if !ok {
				d.announce(ctx, "The drill is complete. Stand down.")
				return rep, nil
			}
			rep.Stations = append(rep.Stations, res)
			if res.Hazard != nil {
				rep.Halted = true
				d.announce(ctx, fmt.Sprintf("Drill suspended. Hold all boats. Officer to %s.", res.Boat))
				return rep, fmt.Errorf("%w: %v", ErrDrillHalted, res.Hazard)
			}
		case <-ctx.Done():
			rep.TimedOut = true
			return rep, fmt.Errorf("drill %s: %w", d.roster.Vessel, ctx.Err())
		}
	}
}

func (d *Drill) muster(ctx context.Context, st Station, alarm time.Time) (StationResult, error) {
	res := StationResult{Boat: st.Boat}
	defer func() { res.Elapsed = d.now().Sub(alarm) }()

	for _, m := range st.Crew {
		at, err := d.badges.WaitCheckIn(ctx, st.Boat, m.ID)
		switch {
		case errors.Is(err, ErrNotSeen):
			res.Missing = append(res.Missing, m.ID)
			d.log.Printf("%s: %s (%s) not mustered", st.Boat, m.Name, m.Role)
			continue
		case err != nil:
			return res, fmt.Errorf("%s: check-in of %s: %w", st.Boat, m.ID, err)
		}
		res.Present = append(res.Present, m.ID)
		if at.Sub(alarm) > d.cfg.MusterDeadline {
			res.Late = append(res.Late, m.ID)
		}
	}

	status, err := d.inspector.Inspect(ctx, st.Boat)
	var hz *HazardError
	if errors.As(err, &hz) {
		res.Hazard = hz
		return res, err
	}
	if err != nil {
		return res, fmt.Errorf("%s: inspection: %w", st.Boat, err)
	}
	res.Status = status
	return res, nil
}

func (d *Drill) announce(ctx context.Context, msg string) {
	if err := d.pa.Announce(ctx, msg); err != nil {
		d.log.Printf("PA failed (%v): %s", err, msg)
	}
}
