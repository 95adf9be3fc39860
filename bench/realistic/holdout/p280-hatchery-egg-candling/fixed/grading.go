package candling

import "fmt"

// Reading is what the imager measures for one egg held against the lamp.
type Reading struct {
	// Opacity is the share of the egg's silhouette that blocks the light,
	// from 0 (translucent) to 1 (dark).
	Opacity float64
	// VeinCoverage is the share of the shell area covered by a visible
	// blood vessel network.
	VeinCoverage float64
	// Ring is set when a blood ring (a dead embryo's collapsed vessels) is
	// detected.
	Ring bool
	// Crack is set when the imager sees a hairline crack in the shell.
	Crack bool
}

// Verdict is the grading of a single egg.
type Verdict int

const (
	Fertile Verdict = iota
	Clear
	EarlyDead
	BloodRing
	Cracked
	Unreadable
)

func (v Verdict) String() string {
	switch v {
	case Fertile:
		return "fertile"
	case Clear:
		return "clear"
	case EarlyDead:
		return "early-dead"
	case BloodRing:
		return "blood-ring"
	case Cracked:
		return "cracked"
	case Unreadable:
		return "unreadable"
	}
	return fmt.Sprintf("verdict(%d)", int(v))
}

// Thresholds tune the grading for the breed and shell colour being set.
type Thresholds struct {
	// MinVeins is the vein coverage above which a day 7-12 egg is fertile.
	MinVeins float64
	// MaxClearOpacity is the opacity below which an egg without veins is
	// graded clear (infertile) rather than early dead.
	MaxClearOpacity float64
	// MinTransferOpacity is the opacity a day 17-19 egg must reach before
	// it is moved to the hatcher.
	MinTransferOpacity float64
}

// DefaultThresholds suit white-shelled layer breeds.
var DefaultThresholds = Thresholds{
	MinVeins:           0.30,
	MaxClearOpacity:    0.15,
	MinTransferOpacity: 0.80,
}

// grade classifies one egg on the given day of incubation.
func grade(day int, r Reading, th Thresholds) Verdict {
	if r.Crack {
		return Cracked
	}
	if r.Opacity < 0 || r.Opacity > 1 || r.VeinCoverage < 0 || r.VeinCoverage > 1 {
		return Unreadable
	}
	switch {
	case day >= 17:
		if r.Opacity >= th.MinTransferOpacity {
			return Fertile
		}
		return EarlyDead
	case r.Ring:
		return BloodRing
	case r.VeinCoverage >= th.MinVeins:
		return Fertile
	case r.Opacity <= th.MaxClearOpacity:
		return Clear
	default:
		return EarlyDead
	}
}
