package flightplan

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTelemetryLost is returned when a drone's telemetry stream ends before
// the drone reports that it has landed.
var ErrTelemetryLost = errors.New("flightplan: telemetry lost")

// Frame is one telemetry sample from a drone.
type Frame struct {
	DroneID    string
	Position   Waypoint
	BatteryPct float64
	Landed     bool
	At         time.Time
}

// follow consumes telemetry for an airborne mission until the drone reports
// that it is on the ground, the stream ends or ctx expires.
func (p *Planner) follow(ctx context.Context, rec *record) error {
	m := rec.mission
	frames, err := p.cfg.Fleet.Telemetry(ctx, m.DroneID)
	if err != nil {
		return fmt.Errorf("flightplan: telemetry for drone %s: %w", m.DroneID, err)
	}
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("flightplan: mission %s: %w", m.ID, ctx.Err())
		case f, ok := <-frames:
			if !ok {
				return fmt.Errorf("%w: drone %s", ErrTelemetryLost, m.DroneID)
			}
			p.observe(m.ID, f)
			if f.Landed {
				return nil
			}
		}
	}
}

// observe stores the most recent frame for a mission.
func (p *Planner) observe(missionID string, f Frame) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rec, ok := p.missions[missionID]; ok {
		rec.last = f
	}
}

// LastFrame returns the most recent telemetry frame for a mission.
func (p *Planner) LastFrame(id string) (Frame, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rec, ok := p.missions[id]; ok && !rec.last.At.IsZero() {
		return rec.last, true
	}
	return Frame{}, false
}
