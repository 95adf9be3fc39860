package climate

import (
	"context"
	"fmt"
)

// Stage is the growth stage of the crop in a room.
type Stage int

// Growth stages.
const (
	Colonization Stage = iota
	Pinning
	Fruiting
)

func (s Stage) String() string {
	switch s {
	case Colonization:
		return "colonization"
	case Pinning:
		return "pinning"
	case Fruiting:
		return "fruiting"
	}
	return fmt.Sprintf("stage(%d)", int(s))
}

// Setpoints are the target ranges for a stage.
type Setpoints struct {
	MinTemp, MaxTemp float64
	MinRH, MaxRH     float64
	MaxCO2           float64
}

var stageSetpoints = map[Stage]Setpoints{
	Colonization: {MinTemp: 24, MaxTemp: 27, MinRH: 85, MaxRH: 95, MaxCO2: 10000},
	Pinning:      {MinTemp: 18, MaxTemp: 22, MinRH: 92, MaxRH: 98, MaxCO2: 1000},
	Fruiting:     {MinTemp: 18, MaxTemp: 24, MinRH: 85, MaxRH: 92, MaxCO2: 1200},
}

func setpointsFor(s Stage) (Setpoints, bool) {
	sp, ok := stageSetpoints[s]
	return sp, ok
}

// Commands is the desired state of a room's equipment.
type Commands struct {
	FanPercent int
	Misting    bool
	Heating    bool
}

// Switch is an on/off relay.
type Switch interface {
	Set(ctx context.Context, on bool) error
}

// Dimmer is a variable-speed output.
type Dimmer interface {
	SetPercent(ctx context.Context, pct int) error
}

// Actuators groups the outputs of a room. Nil outputs are skipped.
type Actuators struct {
	Fan    Dimmer
	Mister Switch
	Heater Switch
}

func (a Actuators) apply(ctx context.Context, prev, next Commands) error {
	if a.Fan != nil && prev.FanPercent != next.FanPercent {
		if err := a.Fan.SetPercent(ctx, next.FanPercent); err != nil {
			return fmt.Errorf("fan: %w", err)
		}
	}
	if a.Mister != nil && prev.Misting != next.Misting {
		if err := a.Mister.Set(ctx, next.Misting); err != nil {
			return fmt.Errorf("mister: %w", err)
		}
	}
	if a.Heater != nil && prev.Heating != next.Heating {
		if err := a.Heater.Set(ctx, next.Heating); err != nil {
			return fmt.Errorf("heater: %w", err)
		}
	}
	return nil
}

const (
	idleFan    = 20
	purgeFan   = 100
	hysteresis = 0.5
)

// decide derives the equipment state from the readings. Misting and heating
// use a small hysteresis band around the limits so relays do not chatter;
// fresh-air exchange is proportional to the CO2 excess.
func decide(sp Setpoints, v map[Metric]float64, prev Commands) Commands {
	next := Commands{FanPercent: idleFan}

	co2 := v[CO2]
	if co2 > sp.MaxCO2 {
		excess := (co2 - sp.MaxCO2) / sp.MaxCO2
		pct := idleFan + int(excess*float64(purgeFan-idleFan)*2)
		if pct > purgeFan {
			pct = purgeFan
		}
		next.FanPercent = pct
	}

	rh := v[Humidity]
	switch {
	case rh < sp.MinRH:
		next.Misting = true
	case prev.Misting && rh < sp.MinRH+hysteresis*4:
		next.Misting = true
	}
	if rh > sp.MaxRH && next.FanPercent < 60 {
		next.FanPercent = 60
	}

	t := v[Temperature]
	switch {
	case t < sp.MinTemp:
		next.Heating = true
	case prev.Heating && t < sp.MinTemp+hysteresis:
		next.Heating = true
	}
	if t > sp.MaxTemp && next.FanPercent < purgeFan {
		next.FanPercent = purgeFan
	}
	return next
}
