package troughs

import (
	"context"
	"sync/atomic"
	"time"
)

func (m *Monitor) poll(ctx context.Context, tc TroughConfig) {
	defer m.pollerDone()

	tick := time.NewTicker(m.cfg.PollInterval)
	defer tick.Stop()

	failures := 0
	for {
		litres, err := m.sensor.Level(ctx, tc.ID)
		if ctx.Err() != nil {
			return
		}
		r := Reading{TroughID: tc.ID, Litres: litres, At: time.Now(), Err: err}
		if err != nil {
			failures++
			if failures >= m.cfg.MaxSensorFailures {
				r.Offline = true
				m.logf("trough %s: %d failed reads, giving up: %v", tc.ID, failures, err)
			}
		} else {
			failures = 0
		}

		select {
		case m.readings <- r:
		case <-ctx.Done():
			return
		}
		if r.Offline {
			return
		}

		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
	}
}

func (m *Monitor) pollerDone() {
	if atomic.AddInt32(&m.live, -1) == 0 {
		close(m.readings)
	}
}
