package frostwatch

import "fmt"

// Level is the alarm level of a block.
type Level int

const (
	LevelClear Level = iota
	LevelWatch
	LevelWarning
	LevelCritical
)

func (l Level) String() string {
	switch l {
	case LevelClear:
		return "clear"
	case LevelWatch:
		return "watch"
	case LevelWarning:
		return "warning"
	case LevelCritical:
		return "critical"
	default:
		return fmt.Sprintf("level(%d)", int(l))
	}
}

// thresholds are the temperatures at or below which each level applies.
type thresholds struct {
	watch, warning, critical float64
}

func thresholdsFor(stage BudStage, cfg Config) (thresholds, error) {
	crit, ok := criticalTempC[stage]
	if !ok {
		return thresholds{}, fmt.Errorf("no critical temperature for stage %v", stage)
	}
	return thresholds{
		watch:    crit + cfg.WatchMarginC,
		warning:  crit + cfg.WarnMarginC,
		critical: crit,
	}, nil
}

// evaluate returns the new level for a block given its previous level. A
// level only drops once the temperature is HysteresisC above the threshold
// that raised it, so a sensor hovering at a threshold does not flap.
func evaluate(prev Level, tempC float64, th thresholds, hysteresis float64) Level {
	raw := LevelClear
	switch {
	case tempC <= th.critical:
		raw = LevelCritical
	case tempC <= th.warning:
		raw = LevelWarning
	case tempC <= th.watch:
		raw = LevelWatch
	}
	if raw >= prev {
		return raw
	}
	limit := map[Level]float64{
		LevelWatch:    th.watch,
		LevelWarning:  th.warning,
		LevelCritical: th.critical,
	}
	for l := prev; l > raw; l-- {
		if tempC <= limit[l]+hysteresis {
			return l
		}
	}
	return raw
}

func message(b Block, l Level, r Reading, th thresholds) string {
	switch l {
	case LevelClear:
		return fmt.Sprintf("%s: all clear at %.1f°C", b.ID, r.TempC)
	case LevelCritical:
		return fmt.Sprintf("%s (%v): %.1f°C at or below critical %.1f°C, start wind machines",
			b.ID, b.Stage, r.TempC, th.critical)
	default:
		return fmt.Sprintf("%s (%v): %v at %.1f°C, dew point %.1f°C",
			b.ID, b.Stage, l, r.TempC, r.DewPtC)
	}
}
