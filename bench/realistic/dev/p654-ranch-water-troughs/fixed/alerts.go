package troughs

import (
	"context"
	"fmt"
)

// AlertKind says why an alert was raised.
type AlertKind string

// Alert kinds.
const (
	AlertLow     AlertKind = "low-water"
	AlertDrain   AlertKind = "rapid-drain"
	AlertOffline AlertKind = "sensor-offline"
)

// Alert is sent to the AlertSink.
type Alert struct {
	Kind     AlertKind
	TroughID string
	Pasture  string
	Message  string
}

const lowHysteresisPct = 5

func (m *Monitor) aggregate() {
	defer close(m.done)
	for r := range m.readings {
		for _, a := range m.apply(r) {
			m.deliver(a)
		}
	}
	m.logf("all pollers stopped")
}

func (m *Monitor) apply(r Reading) []Alert {
	m.mu.Lock()
	defer m.mu.Unlock()

	st, ok := m.states[r.TroughID]
	if !ok {
		return nil
	}
	var alerts []Alert
	if r.Offline {
		st.status.Offline = true
		alerts = append(alerts, Alert{
			Kind: AlertOffline, TroughID: r.TroughID, Pasture: st.cfg.Pasture,
			Message: fmt.Sprintf("no level readings since %s: %v",
				st.status.LastSeen.Format("15:04"), r.Err),
		})
		return alerts
	}
	if r.Err != nil {
		return nil
	}

	prev, hadPrev := st.status.Litres, st.seen
	st.seen = true
	st.status.Offline = false
	st.status.LastSeen = r.At
	st.status.Litres = r.Litres
	st.status.Pct = 100 * r.Litres / st.cfg.CapacityLitres

	if hadPrev && m.cfg.DrainLitresPerPoll > 0 && prev-r.Litres > m.cfg.DrainLitresPerPoll {
		alerts = append(alerts, Alert{
			Kind: AlertDrain, TroughID: r.TroughID, Pasture: st.cfg.Pasture,
			Message: fmt.Sprintf("dropped %.0f L since last poll", prev-r.Litres),
		})
	}
	switch {
	case !st.status.Low && st.status.Pct < st.cfg.LowPct:
		st.status.Low = true
		alerts = append(alerts, Alert{
			Kind: AlertLow, TroughID: r.TroughID, Pasture: st.cfg.Pasture,
			Message: fmt.Sprintf("%.0f%% full (%.0f L)", st.status.Pct, r.Litres),
		})
	case st.status.Low && st.status.Pct >= st.cfg.LowPct+lowHysteresisPct:
		st.status.Low = false
	}
	return alerts
}

func (m *Monitor) deliver(a Alert) {
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.AlertTimeout)
	defer cancel()
	if err := m.sink.Send(ctx, a); err != nil {
		m.logf("trough %s: alert %s not delivered: %v", a.TroughID, a.Kind, err)
	}
}
