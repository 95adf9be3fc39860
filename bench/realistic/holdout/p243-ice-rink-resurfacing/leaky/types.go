package resurface

import (
	"context"
	"time"
)

// Zone is one surveyed section of the rink surface.
type Zone struct {
	ID       string
	AreaM2   float64
	TargetMM float64 // ideal ice thickness
}

// Reading is a thickness and surface-temperature measurement for a zone.
type Reading struct {
	ZoneID       string
	ThicknessMM  float64
	SurfaceTempC float64
	At           time.Time
}

// Gauge talks to the ultrasonic thickness probes embedded under the ice.
type Gauge interface {
	Measure(ctx context.Context, zoneID string) (Reading, error)
}

// Machine is the ice resurfacer: a blade that shaves the surface and a
// wash-water bar that floods it.
type Machine interface {
	Shave(ctx context.Context, zoneID string, depthMM float64) error
	Flood(ctx context.Context, zoneID string, litres float64) error
}

// Step is the planned treatment for one zone.
type Step struct {
	ZoneID   string
	ShaveMM  float64
	FloodL   float64
	Surveyed bool
	Note     string
}

// Report summarises one resurfacing pass.
type Report struct {
	Started  time.Time
	Finished time.Time
	Steps    []Step
	Skipped  []string
}

// Logger receives operator-facing messages.
type Logger interface {
	Printf(format string, args ...any)
}
