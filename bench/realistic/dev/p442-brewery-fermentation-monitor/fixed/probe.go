package fermentation

import (
	"context"
	"fmt"
	"time"
)

// Reading is one sample taken by the probe floating in a fermenter.
type Reading struct {
	At      time.Time
	TempC   float64
	Gravity float64 // specific gravity, e.g. 1.052
}

// ABV estimates alcohol by volume from the original gravity and this reading.
func (r Reading) ABV(original float64) float64 {
	return (original - r.Gravity) * 131.25
}

func (r Reading) String() string {
	return fmt.Sprintf("%.1f°C SG %.3f", r.TempC, r.Gravity)
}

// Probe is a hydrometer/thermometer in a tank, usually reached over BLE or
// a serial bridge.
type Probe interface {
	Sample(ctx context.Context) (Reading, error)
}

// Alert is raised by a Rule when a tank needs the brewer's attention.
type Alert struct {
	Tank    string
	Rule    string
	Message string
	Reading Reading
}
