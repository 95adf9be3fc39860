package polish

import (
	"context"
	"errors"
	"time"
)

// Measurement is one interferometric test of the mirror surface. Zone errors
// are the mean surface height of each annular zone relative to the target
// conic, in nanometres, innermost zone first.
type Measurement struct {
	Mirror  string
	Seq     int
	RMSnm   float64
	PVnm    float64
	ZonesNm []float64
	At      time.Time
}

// Calibration corrects raw interferometer output for the reference optic and
// the null corrector.
type Calibration struct {
	Name         string
	ReferenceNm  []float64
	ScaleFactor  float64
	MeasuredWith string
}

// DwellPlan tells the polishing machine how long to work each zone.
type DwellPlan struct {
	Seq   int
	Dwell []time.Duration
}

// Interferometer measures the mirror under test.
type Interferometer interface {
	Measure(ctx context.Context, mirror string) (Measurement, error)
}

// Machine is the polishing machine's controller.
type Machine interface {
	Polish(ctx context.Context, plan DwellPlan) error
}

// Archive stores measurements for the figuring record.
type Archive interface {
	Store(m Measurement) error
}

// Logger is the subset of *log.Logger used by the package.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	ErrHubClosed    = errors.New("polish: measurement hub closed")
	ErrZoneMismatch = errors.New("polish: calibration zones do not match measurement")
	ErrNotConverged = errors.New("polish: figure did not converge")
)

// Config holds the figuring parameters of a polishing session.
type Config struct {
	Mirror      string
	Zones       int
	TargetRMSnm float64
	// NmPerMinute is the removal rate of the tool on this glass.
	NmPerMinute float64
	// MaxDwell caps the dwell in one zone per iteration.
	MaxDwell time.Duration
	// Buffer is the per-subscriber measurement queue length.
	Buffer int
}

// DefaultConfig suits a 600 mm f/4 Pyrex primary on a sub-diameter tool.
func DefaultConfig() Config {
	return Config{
		Mirror:      "M1",
		Zones:       6,
		TargetRMSnm: 20,
		NmPerMinute: 4,
		MaxDwell:    30 * time.Minute,
		Buffer:      16,
	}
}
