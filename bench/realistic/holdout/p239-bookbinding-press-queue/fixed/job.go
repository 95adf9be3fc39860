// Package press schedules glued book blocks onto the stations of a
// bindery's standing press, keeping each block clamped for the dwell its
// glue and thickness need.
package press

import (
	"errors"
	"fmt"
	"time"
)

// Glue is the adhesive used on the spine.
type Glue int

// Glues in use in the bindery.
const (
	PVA Glue = iota
	HideGlue
	PUR
)

func (g Glue) String() string {
	switch g {
	case PVA:
		return "PVA"
	case HideGlue:
		return "hide glue"
	case PUR:
		return "PUR"
	}
	return fmt.Sprintf("Glue(%d)", int(g))
}

// Job is one book block waiting to be pressed.
type Job struct {
	ID         string
	Title      string
	Signatures int
	// Thickness of the block in millimetres.
	Thickness float64
	Glue      Glue
	// Rush jobs are pressed before regular ones.
	Rush bool
}

// Validate reports whether the job can go into the press.
func (j Job) Validate() error {
	switch {
	case j.ID == "":
		return errors.New("press: job without ID")
	case j.Signatures < 1:
		return fmt.Errorf("press: job %s: no signatures", j.ID)
	case j.Thickness <= 0 || j.Thickness > maxThickness:
		return fmt.Errorf("press: job %s: thickness %.1fmm outside 0..%dmm", j.ID, j.Thickness, maxThickness)
	case j.Glue < PVA || j.Glue > PUR:
		return fmt.Errorf("press: job %s: unknown glue %v", j.ID, j.Glue)
	}
	return nil
}

const maxThickness = 120

// DwellTable gives the clamp time per 10mm of block thickness for each
// glue.
type DwellTable map[Glue]time.Duration

// DefaultDwell is the bindery's standard table.
var DefaultDwell = DwellTable{
	PVA:      4 * time.Minute,
	HideGlue: 9 * time.Minute,
	PUR:      6 * time.Minute,
}

// Dwell returns how long the job stays clamped. Blocks of many thin
// signatures get a quarter more time so the glue can wick between them.
func (t DwellTable) Dwell(j Job) time.Duration {
	per10 := t[j.Glue]
	d := time.Duration(float64(per10) * j.Thickness / 10)
	if j.Signatures > 0 && j.Thickness/float64(j.Signatures) < 1.5 {
		d += d / 4
	}
	return d
}

// Result reports what happened to a job.
type Result struct {
	Job      Job
	Station  int
	Dwell    time.Duration
	Attempts int
	Started  time.Time
	Finished time.Time
	Err      error
}

// Stats counts jobs over the queue's lifetime.
type Stats struct {
	Pressed int
	Failed  int
	Pending int
	Busy    int
	Held    bool
}
