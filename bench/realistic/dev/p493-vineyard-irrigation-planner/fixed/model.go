package irrigation

import (
	"fmt"
	"math"
	"time"
)

type soilProfile struct {
	fieldCapacity float64 // VWC percent
	refillPoint   float64 // VWC percent below which the root zone is refilled
	rootZoneMM    float64 // effective root zone depth in mm
}

var soilProfiles = map[SoilType]soilProfile{
	SoilLoam:   {fieldCapacity: 32, refillPoint: 20, rootZoneMM: 600},
	SoilClay:   {fieldCapacity: 40, refillPoint: 27, rootZoneMM: 500},
	SoilSand:   {fieldCapacity: 18, refillPoint: 10, rootZoneMM: 700},
	SoilGravel: {fieldCapacity: 14, refillPoint: 8, rootZoneMM: 800},
}

// grapevine mid-season crop coefficient
const vineKc = 0.7

// Run is one valve run in the daily schedule.
type Run struct {
	BlockID  string
	ValveID  string
	DepthMM  float64
	Liters   float64
	Duration time.Duration
	Capped   bool
	Reason   string
}

// Schedule is the irrigation plan for one day.
type Schedule struct {
	Day         time.Time
	Runs        []Run
	Skipped     map[string]string // block ID -> reason
	TotalLiters float64
}

func (b Block) validate() error {
	switch {
	case b.ID == "":
		return fmt.Errorf("%w: missing ID", ErrBadBlock)
	case b.Hectares <= 0:
		return fmt.Errorf("%w: %s has no area", ErrBadBlock, b.ID)
	case b.Emitters <= 0 || b.EmitterLH <= 0:
		return fmt.Errorf("%w: %s has no emitter layout", ErrBadBlock, b.ID)
	}
	if _, ok := soilProfiles[b.Soil]; !ok {
		return fmt.Errorf("%w: %s has unknown soil %d", ErrBadBlock, b.ID, b.Soil)
	}
	return nil
}

// waterNeed returns the depth of water in mm the block should receive today.
func waterNeed(b Block, r Reading, f Forecast, deficit float64) (float64, string) {
	soil := soilProfiles[b.Soil]
	if r.VWC >= soil.fieldCapacity*0.95 {
		return 0, "soil at field capacity"
	}

	cropET := f.ET0 * vineKc * deficit
	effectiveRain := 0.0
	if f.RainMM > 2 {
		effectiveRain = 0.8 * f.RainMM
	}
	need := cropET - effectiveRain

	reason := fmt.Sprintf("replace %.0f%% of crop ET", deficit*100)
	if r.VWC < soil.refillPoint {
		refill := (soil.refillPoint - r.VWC) / 100 * soil.rootZoneMM
		need += refill
		reason = fmt.Sprintf("below refill point (%.1f%% < %.1f%%)", r.VWC, soil.refillPoint)
	}
	if f.MaxTempC >= 38 {
		need *= 1.15
		reason += ", heat stress"
	}
	if need <= 0.5 {
		return 0, "rain covers demand"
	}
	return math.Round(need*10) / 10, reason
}

// runFor converts a depth of water into a valve run for the block.
func runFor(b Block, depthMM float64, maxRuntime time.Duration, reason string) Run {
	liters := depthMM * b.Hectares * 10000 // 1 mm over 1 ha is 10,000 L
	flowLH := float64(b.Emitters) * b.Hectares * b.EmitterLH
	dur := time.Duration(liters / flowLH * float64(time.Hour))

	run := Run{
		BlockID: b.ID,
		ValveID: b.ValveID,
		DepthMM: depthMM,
		Liters:  math.Round(liters),
		Reason:  reason,
	}
	if maxRuntime > 0 && dur > maxRuntime {
		dur = maxRuntime
		run.Liters = math.Round(flowLH * maxRuntime.Hours())
		run.DepthMM = math.Round(run.Liters/(b.Hectares*10000)*10) / 10
		run.Capped = true
	}
	run.Duration = dur.Round(time.Minute)
	return run
}
