package misting

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	ErrUnknownZone  = errors.New("misting: unknown zone")
	ErrZoneDisabled = errors.New("misting: zone disabled after valve faults")
)

// ZoneConfig describes one misting zone: a bench or a row of hanging
// baskets served by one solenoid valve.
type ZoneConfig struct {
	ID    string
	Name  string
	Genus string

	// TargetRH is the relative humidity the zone is kept at, in percent.
	// Misting starts when the reading drops below TargetRH-BandRH.
	TargetRH float64
	BandRH   float64

	// Pulse is the base pulse length; it grows with the humidity deficit
	// up to MaxPulse.
	Pulse    time.Duration
	MaxPulse time.Duration
	// Cooldown is the minimum time between pulses so foliage can dry.
	Cooldown time.Duration

	// Misting only happens between DayStart and DayEnd (hours, local
	// time). Orchids must not go into the night wet.
	DayStart int
	DayEnd   int
}

func (zc ZoneConfig) validate() error {
	switch {
	case zc.ID == "":
		return errors.New("misting: zone without id")
	case zc.TargetRH <= 0 || zc.TargetRH > 100 || zc.BandRH < 0:
		return fmt.Errorf("misting: zone %s: bad humidity target %.0f±%.0f", zc.ID, zc.TargetRH, zc.BandRH)
	case zc.Pulse <= 0 || zc.MaxPulse < zc.Pulse:
		return fmt.Errorf("misting: zone %s: bad pulse %v (max %v)", zc.ID, zc.Pulse, zc.MaxPulse)
	case zc.DayStart < 0 || zc.DayEnd > 24 || zc.DayStart >= zc.DayEnd:
		return fmt.Errorf("misting: zone %s: bad day window %d-%d", zc.ID, zc.DayStart, zc.DayEnd)
	}
	return nil
}

func (zc ZoneConfig) daytime(t time.Time) bool {
	h := t.Hour()
	return h >= zc.DayStart && h < zc.DayEnd
}

// pulseFor scales the base pulse by the humidity deficit: one extra base
// pulse for every full band below the threshold.
func (zc ZoneConfig) pulseFor(rh float64) time.Duration {
	deficit := zc.TargetRH - zc.BandRH - rh
	if deficit <= 0 {
		return 0
	}
	band := zc.BandRH
	if band == 0 {
		band = 1
	}
	d := zc.Pulse + time.Duration(deficit/band)*zc.Pulse
	if d > zc.MaxPulse {
		d = zc.MaxPulse
	}
	return d
}

type zone struct {
	cfg ZoneConfig

	mu        sync.Mutex
	lastRH    float64
	lastPulse time.Time
	pulses    int
	faults    int
	disabled  bool
}

// ZoneStatus is what the greenhouse panel shows for a zone.
type ZoneStatus struct {
	ID        string
	Name      string
	LastRH    float64
	LastPulse time.Time
	Pulses    int
	Faults    int
	Disabled  bool
}

func (z *zone) status() ZoneStatus {
	z.mu.Lock()
	defer z.mu.Unlock()
	return ZoneStatus{
		ID:        z.cfg.ID,
		Name:      z.cfg.Name,
		LastRH:    z.lastRH,
		LastPulse: z.lastPulse,
		Pulses:    z.pulses,
		Faults:    z.faults,
		Disabled:  z.disabled,
	}
}
