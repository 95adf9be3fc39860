package waterquality

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Limits are the acceptable ranges for one tank.
type Limits struct {
	TempMin, TempMax float64
	PHMin, PHMax     float64
	AmmoniaMax       float64
	NitriteMax       float64
	NitrateMax       float64
}

func (l Limits) validate() error {
	if l.TempMin >= l.TempMax || l.PHMin >= l.PHMax {
		return errors.New("empty temperature or pH range")
	}
	if l.AmmoniaMax <= 0 || l.NitriteMax <= 0 || l.NitrateMax <= 0 {
		return errors.New("nitrogen limits must be positive")
	}
	return nil
}

type check struct {
	param    string
	value    float64
	limit    float64
	breached bool
}

func (l Limits) checks(s Sample) []check {
	temp := check{param: "temperature", value: s.TempC, limit: l.TempMax, breached: s.TempC > l.TempMax}
	if s.TempC < l.TempMin {
		temp.limit, temp.breached = l.TempMin, true
	}
	ph := check{param: "pH", value: s.PH, limit: l.PHMax, breached: s.PH > l.PHMax}
	if s.PH < l.PHMin {
		ph.limit, ph.breached = l.PHMin, true
	}
	return []check{
		temp, ph,
		{param: "ammonia", value: s.AmmoniaPPM, limit: l.AmmoniaMax, breached: s.AmmoniaPPM > l.AmmoniaMax},
		{param: "nitrite", value: s.NitritePPM, limit: l.NitriteMax, breached: s.NitritePPM > l.NitriteMax},
		{param: "nitrate", value: s.NitratePPM, limit: l.NitrateMax, breached: s.NitratePPM > l.NitrateMax},
	}
}

// tank is the rolling state of one tank.
type tank struct {
	id     string
	limits Limits
	size   int

	mu                sync.RWMutex
	window            []Sample
	breached          map[string]bool
	probeErrors       int
	maintenance       bool
	maintenanceReason string
	maintenanceSince  time.Time
}

func newTank(tc TankConfig) *tank {
	size := tc.Window
	if size <= 0 {
		size = 60
	}
	return &tank{id: tc.ID, limits: tc.Limits, size: size, breached: make(map[string]bool)}
}

func (t *tank) probeFailed() {
	t.mu.Lock()
	t.probeErrors++
	t.mu.Unlock()
}

// record adds a sample and returns the alerts it causes.
func (t *tank) record(s Sample) []Alert {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.window) == t.size {
		copy(t.window, t.window[1:])
		t.window = t.window[:t.size-1]
	}
	t.window = append(t.window, s)
	t.probeErrors = 0
	if t.maintenance {
		return nil
	}
	var alerts []Alert
	for _, c := range t.limits.checks(s) {
		if c.breached == t.breached[c.param] {
			continue
		}
		t.breached[c.param] = c.breached
		alerts = append(alerts, Alert{Tank: t.id, Parameter: c.param, Value: c.value, Limit: c.limit, At: s.At, Cleared: !c.breached})
	}
	return alerts
}

// TankStatus summarizes a tank's recent water quality.
type TankStatus struct {
	Tank              string
	Samples           int
	Latest            Sample
	MeanTempC         float64
	MeanPH            float64
	NitrateTrend      float64
	Breaches          []string
	ProbeErrors       int
	Maintenance       bool
	MaintenanceReason string
	MaintenanceSince  time.Time
}

// Status summarizes a tank. During maintenance only the maintenance fields
// are filled in, since readings taken mid water change are meaningless.
func (m *Monitor) Status(id string) (TankStatus, error) {
	t, ok := m.tanks[id]
	if !ok {
		return TankStatus{}, fmt.Errorf("%w: %q", ErrUnknownTank, id)
	}
	t.mu.RLock()
	st := TankStatus{Tank: id, Samples: len(t.window), ProbeErrors: t.probeErrors}
	if t.maintenance {
		st.Maintenance = true
		st.MaintenanceReason = t.maintenanceReason
		st.MaintenanceSince = t.maintenanceSince
		t.mu.RUnlock()
		return st, nil
	}
	if len(t.window) == 0 {
		t.mu.RUnlock()
		return st, ErrNoData
	}
	var temp, ph float64
	for _, s := range t.window {
		temp += s.TempC
		ph += s.PH
	}
	n := float64(len(t.window))
	st.Latest = t.window[len(t.window)-1]
	st.MeanTempC = temp / n
	st.MeanPH = ph / n
	st.NitrateTrend = st.Latest.NitratePPM - t.window[0].NitratePPM
	for param, b := range t.breached {
		if b {
			st.Breaches = append(st.Breaches, param)
		}
	}
	t.mu.RUnlock()
	sort.Strings(st.Breaches)
	return st, nil
}
