// Package scheduler runs timed observations on an array of radio antennas:
// it picks the antennas that can see the target, points them for the
// observation window and gathers what each one captured.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Target is a source on the sky, in J2000 degrees.
type Target struct {
	Name string
	RA   float64
	Dec  float64
}

// Site is where an antenna stands.
type Site struct {
	Lat float64
	Lon float64
}

// Mode is the operating mode an antenna reports.
type Mode int

const (
	Operational Mode = iota
	Stowed
	Maintenance
)

func (m Mode) String() string {
	switch m {
	case Operational:
		return "operational"
	case Stowed:
		return "stowed"
	case Maintenance:
		return "maintenance"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// Status is the live state of an antenna.
type Status struct {
	Mode    Mode
	WindKmh float64
	Bands   []string
}

// Capture is what one antenna recorded during a window.
type Capture struct {
	AntennaID string
	Samples   int
	SNR       float64
}

// Antenna is the control interface of one dish.
type Antenna interface {
	ID() string
	Site() Site
	Status(ctx context.Context) (Status, error)
	Track(ctx context.Context, t Target, band string, until time.Time) (Capture, error)
}

// Observation asks for a target to be tracked in one band between Start
// and End by at least MinAntennas dishes.
type Observation struct {
	ID          string
	Target      Target
	Band        string
	Start, End  time.Time
	MinAntennas int
}

func (o Observation) validate(now time.Time) error {
	switch {
	case o.ID == "":
		return errors.New("scheduler: observation without id")
	case o.Band == "":
		return fmt.Errorf("scheduler: %s: no band", o.ID)
	case !o.End.After(o.Start):
		return fmt.Errorf("scheduler: %s: empty window", o.ID)
	case !o.End.After(now):
		return fmt.Errorf("scheduler: %s: window already over", o.ID)
	case o.Target.Dec < -90 || o.Target.Dec > 90:
		return fmt.Errorf("scheduler: %s: declination %.2f", o.ID, o.Target.Dec)
	}
	return nil
}

var (
	// ErrInsufficientArray means too few antennas can take part.
	ErrInsufficientArray = errors.New("scheduler: not enough antennas available")
	// ErrInsufficientData means too few antennas delivered a capture.
	ErrInsufficientData = errors.New("scheduler: not enough captures")
)

// Report is the outcome of one observation.
type Report struct {
	ObservationID string
	Captures      []Capture
	Skipped       map[string]string
	Failed        map[string]error
	Missed        []string
}

type tally struct {
	mu       sync.Mutex
	rep      Report
	tracking map[string]bool
}

func newTally(obsID string) *tally {
	return &tally{
		rep: Report{
			ObservationID: obsID,
			Skipped:       make(map[string]string),
			Failed:        make(map[string]error),
		},
		tracking: make(map[string]bool),
	}
}

func (t *tally) skip(id, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Skipped[id] = reason
}

func (t *tally) start(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tracking[id] = true
}

func (t *tally) fail(id string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.tracking, id)
	t.rep.Failed[id] = err
}

func (t *tally) record(id string, c Capture) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.tracking, id)
	c.AntennaID = id
	t.rep.Captures = append(t.rep.Captures, c)
}

func (t *tally) report() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rep
	r.Captures = append([]Capture(nil), t.rep.Captures...)
	sort.Slice(r.Captures, func(i, j int) bool { return r.Captures[i].AntennaID < r.Captures[j].AntennaID })
	r.Missed = nil
	for id := range t.tracking {
		r.Missed = append(r.Missed, id)
	}
	sort.Strings(r.Missed)
	return r
}
