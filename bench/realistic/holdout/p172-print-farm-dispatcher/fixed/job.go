// Package printfarm dispatches 3D print jobs across a farm of printers. Jobs
// are sliced into G-code for the material and nozzle they need, queued by
// priority and started on the first compatible idle printer; each printer is
// polled for progress until the job finishes.
package printfarm

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Material is a filament type.
type Material string

// Filaments stocked in the farm.
const (
	PLA  Material = "PLA"
	PETG Material = "PETG"
	ABS  Material = "ABS"
)

// Job is a print requested by a customer or an internal team.
type Job struct {
	ID       string
	ModelURL string // STL or 3MF location
	Material Material
	Nozzle   float64 // nozzle diameter in mm
	Infill   int     // percent
	Priority int     // higher runs first
}

// ErrInvalidJob is returned by Submit for jobs that cannot be printed.
var ErrInvalidJob = errors.New("invalid job")

func (j Job) validate() error {
	switch {
	case j.ID == "" || j.ModelURL == "" || j.Material == "":
		return fmt.Errorf("%w: id, model and material are required", ErrInvalidJob)
	case j.Nozzle <= 0:
		return fmt.Errorf("%w: job %s has nozzle %.2f", ErrInvalidJob, j.ID, j.Nozzle)
	}
	return nil
}

// Gcode is the sliced, printer-ready form of a job.
type Gcode struct {
	JobID     string
	URL       string // where printers download the file from
	Estimate  time.Duration
	FilamentG float64
}

// Slicer turns a job into G-code, usually on a separate slicing service.
type Slicer interface {
	Slice(ctx context.Context, job Job) (Gcode, error)
}

// JobState is the lifecycle state reported in Progress events.
type JobState string

// Job states.
const (
	JobQueued   JobState = "queued"
	JobPrinting JobState = "printing"
	JobDone     JobState = "done"
	JobFailed   JobState = "failed"
)

// Progress is emitted whenever a job changes state or reports progress.
type Progress struct {
	JobID     string
	PrinterID string
	State     JobState
	Percent   float64
	Detail    string
	At        time.Time
}
