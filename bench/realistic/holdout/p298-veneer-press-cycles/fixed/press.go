// Package presscycle drives a multi-daylight hot press through a veneer
// pressing cycle: every loaded opening is clamped at the glue's pressure and
// held at temperature until the glue line has cured.
package presscycle

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var (
	ErrPlatenCold   = errors.New("presscycle: platen below glue cure temperature")
	ErrPressureLoss = errors.New("presscycle: hydraulic pressure dropped during hold")
	ErrInvalidJob   = errors.New("presscycle: invalid job")
)

// Press is the PLC interface of the hot press. Openings are numbered from 1
// (top daylight) downwards.
type Press interface {
	PlatenTemp(ctx context.Context, opening int) (float64, error)
	Clamp(ctx context.Context, opening int, kPa float64) error
	Pressure(ctx context.Context, opening int) (float64, error)
	Open(ctx context.Context, opening int) error
}

// Recorder stores cycle events for the quality log.
type Recorder interface {
	Record(ctx context.Context, ev Event) error
}

// Event is one entry in the quality log.
type Event struct {
	Job     string
	Opening int
	Kind    string
	Detail  string
	At      time.Time
}

// Glue describes the adhesive used for a job.
type Glue struct {
	Name        string
	MinCureTemp float64       // °C at the platen
	Pressure    float64       // kPa specific pressure on the panel
	CurePerMM   time.Duration // hold time per mm of panel thickness
	MinCure     time.Duration
}

func (g Glue) cureTime(thicknessMM float64) time.Duration {
	d := time.Duration(thicknessMM * float64(g.CurePerMM))
	if d < g.MinCure {
		d = g.MinCure
	}
	return d
}

// Layup is a veneer stack loaded into one opening of the press.
type Layup struct {
	Opening     int
	PanelID     string
	ThicknessMM float64
}

// Job is one press load.
type Job struct {
	ID     string
	Glue   Glue
	Layups []Layup
}

// Validate checks a job against the press geometry.
func (j Job) Validate(openings int) error {
	if j.ID == "" {
		return fmt.Errorf("%w: missing job id", ErrInvalidJob)
	}
	if j.Glue.Pressure <= 0 || j.Glue.CurePerMM <= 0 {
		return fmt.Errorf("%w: glue %q has no pressing schedule", ErrInvalidJob, j.Glue.Name)
	}
	if len(j.Layups) == 0 {
		return fmt.Errorf("%w: job %s has no layups", ErrInvalidJob, j.ID)
	}
	seen := make(map[int]bool, len(j.Layups))
	for _, l := range j.Layups {
		if l.Opening < 1 || l.Opening > openings {
			return fmt.Errorf("%w: opening %d outside 1..%d", ErrInvalidJob, l.Opening, openings)
		}
		if seen[l.Opening] {
			return fmt.Errorf("%w: opening %d loaded twice", ErrInvalidJob, l.Opening)
		}
		if l.ThicknessMM <= 0 {
			return fmt.Errorf("%w: panel %s has no thickness", ErrInvalidJob, l.PanelID)
		}
		seen[l.Opening] = true
	}
	return nil
}

// OpeningResult summarises how one opening went.
type OpeningResult struct {
	Opening     int
	PanelID     string
	CureTime    time.Duration
	MinPressure float64
	PlatenTemp  float64
}

// Report is returned for a completed cycle.
type Report struct {
	Job      string
	Started  time.Time
	Duration time.Duration
	Openings []OpeningResult
}
