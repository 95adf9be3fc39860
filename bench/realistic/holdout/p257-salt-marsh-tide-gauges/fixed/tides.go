package tidegauge

import (
	"time"
)

// Extremum is a high or low water found in a survey.
type Extremum struct {
	At     time.Time
	LevelM float64
}

// TideSummary is the result of one survey window at a station.
type TideSummary struct {
	StationID  string
	From, To   time.Time
	Samples    int
	Gaps       int
	Suspect    int
	MeanLevelM float64
	HighWaters []Extremum
	LowWaters  []Extremum
	// RangeM is the mean difference between consecutive high and low waters.
	RangeM float64
}

// turningWindow is how far either side of a sample must be lower (for a
// high water) or higher (for a low water). Marsh gauges chatter near slack
// water, so a single-sample test finds too many turns.
const turningWindow = 90 * time.Minute

func summarize(st Station, rs []Reading, interval time.Duration) *TideSummary {
	sum := &TideSummary{StationID: st.ID, Samples: len(rs)}
	if len(rs) == 0 {
		return sum
	}
	sum.From, sum.To = rs[0].At, rs[len(rs)-1].At

	var total float64
	for _, r := range rs {
		total += r.LevelM
	}
	sum.MeanLevelM = total / float64(len(rs))

	half := int(turningWindow / interval)
	if half < 1 {
		half = 1
	}
	sum.HighWaters, sum.LowWaters = turningPoints(rs, half)
	sum.RangeM = meanRange(sum.HighWaters, sum.LowWaters)
	return sum
}

func turningPoints(rs []Reading, half int) (highs, lows []Extremum) {
	for i := half; i < len(rs)-half; i++ {
		isHigh, isLow := true, true
		for j := i - half; j <= i+half; j++ {
			if j == i {
				continue
			}
			if rs[j].LevelM >= rs[i].LevelM {
				isHigh = false
			}
			if rs[j].LevelM <= rs[i].LevelM {
				isLow = false
			}
		}
		switch {
		case isHigh:
			highs = append(highs, Extremum{At: rs[i].At, LevelM: rs[i].LevelM})
		case isLow:
			lows = append(lows, Extremum{At: rs[i].At, LevelM: rs[i].LevelM})
		}
	}
	return highs, lows
}

func meanRange(highs, lows []Extremum) float64 {
	var (
		total float64
		n     int
	)
	i, j := 0, 0
	for i < len(highs) && j < len(lows) {
		d := highs[i].LevelM - lows[j].LevelM
		if d < 0 {
			d = -d
		}
		total += d
		n++
		if highs[i].At.Before(lows[j].At) {
			i++
		} else {
			j++
		}
	}
	if n == 0 {
		return 0
	}
	return total / float64(n)
}
