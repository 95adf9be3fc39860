package garage

import (
	"context"
)

// bayWorker owns the readings of one bay's sensor.
type bayWorker struct {
	bay  Bay
	in   chan Reading
	done chan struct{}
}

// startWorker starts a tracker for bay. The caller must hold s.mu.
func (s *Service) startWorker(bay Bay) *bayWorker {
	s.stateMu.Lock()
	occupied := s.occupied[bay.ID]
	s.stateMu.Unlock()

	w := &bayWorker{
		bay:  bay,
		in:   make(chan Reading, s.cfg.QueueSize),
		done: make(chan struct{}),
	}
	go s.track(w, occupied)
	return w
}

// track debounces the sensor's readings and applies state changes.
func (s *Service) track(w *bayWorker, occupied bool) {
	defer close(w.done)
	streak := 0
	batteryReported := false
	for r := range w.in { // leak: nothing closes the channel of a replaced sensor
		if r.Serial != w.bay.Serial {
			// Late packets from a removed sensor, or a misconfigured one.
			continue
		}
		if r.Battery > 0 && r.Battery <= s.cfg.LowBattery && !batteryReported {
			batteryReported = true
			s.alerts.lowBattery(w.bay, r.Battery, r.At)
		}
		if r.Occupied == occupied {
			streak = 0
			continue
		}
		streak++
		if streak < s.cfg.Debounce {
			continue
		}
		occupied, streak = r.Occupied, 0
		s.apply(Transition{BayID: w.bay.ID, Level: w.bay.Level, Occupied: occupied, At: r.At})
	}
}

// apply updates the counts for a bay transition, records it, and evaluates
// the level alert.
func (s *Service) apply(t Transition) {
	s.stateMu.Lock()
	if s.occupied[t.BayID] == t.Occupied {
		s.stateMu.Unlock()
		return
	}
	s.occupied[t.BayID] = t.Occupied
	lv := s.levels[t.Level]
	if t.Occupied {
		lv.Occupied++
	} else {
		lv.Occupied--
	}
	status := *lv
	s.stateMu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.StoreTimeout)
	defer cancel()
	if err := s.events.RecordTransition(ctx, t); err != nil {
		s.cfg.Logger.Printf("garage: record transition of %s: %v", t.BayID, err)
	}
	s.alerts.levelChanged(status, t.At)
}
