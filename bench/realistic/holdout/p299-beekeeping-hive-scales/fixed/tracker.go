package hivescale

import (
	"fmt"
	"time"
)

// AlertKind classifies alerts.
type AlertKind string

const (
	AlertSwarm      AlertKind = "swarm"
	AlertLowBattery AlertKind = "low-battery"
)

// Alert is sent to the beekeeper.
type Alert struct {
	Kind    AlertKind
	ScaleID string
	HiveID  string
	At      time.Time
	Message string
}

// DailySummary is the weight record of one hive for one day.
type DailySummary struct {
	HiveID   string
	Day      string // YYYY-MM-DD in the apiary's time zone
	OpenKg   float64
	CloseKg  float64
	MinKg    float64
	MaxKg    float64
	NetKg    float64
	Samples  int
	MaxTempC float64
}

// tracker holds the per-scale analysis state. It is owned by one goroutine.
type tracker struct {
	info ScaleInfo
	opts Options

	recent     []Sample // samples within the swarm window, oldest first
	lastSwarm  time.Time
	batteryLow bool

	day     *DailySummary
	pending *DailySummary
}

func newTracker(info ScaleInfo, opts Options) *tracker {
	return &tracker{info: info, opts: opts}
}

func (t *tracker) observe(s Sample) []Alert {
	var alerts []Alert
	t.addToDay(s)

	cutoff := s.At.Add(-t.opts.SwarmWindow)
	i := 0
	for i < len(t.recent) && t.recent[i].At.Before(cutoff) {
		i++
	}
	t.recent = append(t.recent[i:], s)

	peak := t.recent[0]
	for _, r := range t.recent {
		if r.WeightKg > peak.WeightKg {
			peak = r
		}
	}
	drop := peak.WeightKg - s.WeightKg
	if drop >= t.opts.SwarmDropKg && s.At.Sub(t.lastSwarm) > t.opts.SwarmWindow {
		t.lastSwarm = s.At
		alerts = append(alerts, Alert{
			Kind:    AlertSwarm,
			ScaleID: t.info.ScaleID,
			HiveID:  t.info.HiveID,
			At:      s.At,
			Message: fmt.Sprintf("hive %s lost %.2f kg in %s", t.info.HiveID, drop, s.At.Sub(peak.At)),
		})
	}

	if s.BatteryV > 0 && s.BatteryV < t.opts.LowBatteryV && !t.batteryLow {
		t.batteryLow = true
		alerts = append(alerts, Alert{
			Kind:    AlertLowBattery,
			ScaleID: t.info.ScaleID,
			HiveID:  t.info.HiveID,
			At:      s.At,
			Message: fmt.Sprintf("scale %s battery at %.2f V", t.info.ScaleID, s.BatteryV),
		})
	}
	return alerts
}

func (t *tracker) addToDay(s Sample) {
	day := s.At.In(t.opts.Location).Format("2006-01-02")
	if t.day != nil && t.day.Day != day {
		t.pending = t.day
		t.day = nil
	}
	if t.day == nil {
		t.day = &DailySummary{
			HiveID: t.info.HiveID, Day: day,
			OpenKg: s.WeightKg, MinKg: s.WeightKg, MaxKg: s.WeightKg, MaxTempC: s.TempC,
		}
	}
	d := t.day
	d.CloseKg = s.WeightKg
	d.NetKg = d.CloseKg - d.OpenKg
	d.Samples++
	if s.WeightKg < d.MinKg {
		d.MinKg = s.WeightKg
	}
	if s.WeightKg > d.MaxKg {
		d.MaxKg = s.WeightKg
	}
	if s.TempC > d.MaxTempC {
		d.MaxTempC = s.TempC
	}
}

// rollover returns the previous day's summary once a sample from a new day
// has arrived.
func (t *tracker) rollover() (DailySummary, bool) {
	if t.pending == nil {
		return DailySummary{}, false
	}
	d := *t.pending
	t.pending = nil
	return d, true
}

// flush returns the summary of the day in progress.
func (t *tracker) flush() (DailySummary, bool) {
	if t.day == nil {
		return DailySummary{}, false
	}
	d := *t.day
	t.day = nil
	return d, true
}
