package printfarm

import (
	"context"
	"fmt"
	"time"
)

// PrinterState is what a printer reports about itself.
type PrinterState string

// Printer states as reported by the printer agents.
const (
	PrinterIdle     PrinterState = "idle"
	PrinterPrinting PrinterState = "printing"
	PrinterError    PrinterState = "error"
)

// Status is one poll result from a printer.
type Status struct {
	State    PrinterState
	JobID    string  // job loaded on the printer, if any
	Progress float64 // fraction of the job completed, 0..1
	Message  string  // firmware message, e.g. a thermal runaway warning
}

// Printer is the connection to a printer's agent (OctoPrint, Moonraker, ...).
type Printer interface {
	Start(ctx context.Context, g Gcode) error
	Status(ctx context.Context) (Status, error)
}

// PrinterSpec describes a printer joining the farm.
type PrinterSpec struct {
	ID       string
	Material Material // filament currently loaded
	Nozzle   float64  // installed nozzle diameter in mm
	Client   Printer
}

func (s PrinterSpec) validate() error {
	if s.ID == "" || s.Client == nil || s.Material == "" || s.Nozzle <= 0 {
		return fmt.Errorf("printfarm: printer %q needs a client, material and nozzle", s.ID)
	}
	return nil
}

// accepts reports whether the printer can print the job as loaded.
func (s PrinterSpec) accepts(j Job) bool {
	return s.Material == j.Material && s.Nozzle == j.Nozzle
}

// Clock abstracts time so that polling can be driven in tests. NewTicker
// returns a channel that ticks every d and a function that stops it.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}
