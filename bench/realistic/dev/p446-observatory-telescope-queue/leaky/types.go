package obsqueue

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrExpired is recorded for observations whose window passed while queued.
var ErrExpired = errors.New("obsqueue: observation window expired")

// Target is a sky position in equatorial coordinates (degrees).
type Target struct {
	Name string
	RA   float64
	Dec  float64
}

// Observation is a single exposure request.
type Observation struct {
	ID       string
	Program  string
	Target   Target
	Filter   string
	Exposure time.Duration
	Priority int
	NotAfter time.Time
}

// Frame is a stored exposure.
type Frame struct {
	ObservationID string
	Program       string
	Path          string
	Taken         time.Time
}

// Result describes what happened to one observation.
type Result struct {
	ID      string
	Started time.Time
	Frame   string
	Err     error
}

// Telescope is the mount and camera driver.
type Telescope interface {
	Slew(ctx context.Context, t Target) error
	Expose(ctx context.Context, filter string, d time.Duration) (Frame, error)
}

// Archive stores frames, typically on the observatory NAS.
type Archive interface {
	Store(ctx context.Context, f Frame) error
}

// Conditions is one weather station report.
type Conditions struct {
	CloudCover float64
	WindKPH    float64
	Humidity   float64
	Rain       bool
}

// WeatherLimits are the thresholds above which the dome must stay shut.
type WeatherLimits struct {
	MaxCloudCover float64
	MaxWindKPH    float64
	MaxHumidity   float64
}

// DefaultLimits are conservative limits for a small dome.
var DefaultLimits = WeatherLimits{MaxCloudCover: 0.5, MaxWindKPH: 40, MaxHumidity: 0.85}

// Check returns a hold reason, or "" when it is safe to observe.
func (l WeatherLimits) Check(c Conditions) string {
	switch {
	case c.Rain:
		return "rain"
	case c.WindKPH > l.MaxWindKPH:
		return fmt.Sprintf("wind %.0f km/h", c.WindKPH)
	case c.Humidity > l.MaxHumidity:
		return fmt.Sprintf("humidity %.0f%%", c.Humidity*100)
	case c.CloudCover > l.MaxCloudCover:
		return fmt.Sprintf("cloud cover %.0f%%", c.CloudCover*100)
	}
	return ""
}

type queued struct {
	obs      Observation
	seq      uint64
	attempts int
}

type obsHeap []queued

func (h obsHeap) Len() int { return len(h) }

func (h obsHeap) Less(i, j int) bool {
	if h[i].obs.Priority != h[j].obs.Priority {
		return h[i].obs.Priority > h[j].obs.Priority
	}
	return h[i].seq < h[j].seq
}

func (h obsHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *obsHeap) Push(x any) { *h = append(*h, x.(queued)) }

func (h *obsHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}
