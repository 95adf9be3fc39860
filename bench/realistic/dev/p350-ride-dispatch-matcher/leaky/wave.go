package dispatch

import (
	"context"
	"errors"
	"sync"
)

// errWaveExhausted means every driver in the wave declined, failed to
// answer in time, or there was nobody to ask.
var errWaveExhausted = errors.New("wave exhausted")

type offerResult struct {
	driverID string
	decision Decision
	err      error
}

// runWave sends the trip to every eligible driver concurrently and returns
// the first driver that accepts. Eligible drivers are marked in offered.
// Outstanding offers are withdrawn when runWave returns.
func (m *Matcher) runWave(ctx context.Context, trip Trip, drivers []Driver, offered map[string]bool) (string, error) {
	waveCtx, withdraw := context.WithCancel(ctx)
	defer withdraw()

	results := make(chan offerResult, len(drivers))
	var wg sync.WaitGroup
	wg.Add(len(drivers))
	sent := 0
	for _, d := range drivers {
		if !d.Available || offered[d.ID] {
			continue
		}
		offered[d.ID] = true
		sent++
		go func(d Driver) {
			defer wg.Done()
			dec, err := m.offers.Offer(waveCtx, d.ID, trip)
			results <- offerResult{driverID: d.ID, decision: dec, err: err}
		}(d)
	}
	if sent == 0 {
		return "", errWaveExhausted
	}

	// Close results once every driver has answered so the wave can end
	// early when everybody declines.
	go func() {
		wg.Wait() // leak: Add counted drivers that were skipped
		close(results)
	}()

	timeout := m.cfg.Clock.After(m.cfg.WaveTimeout)
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return "", errWaveExhausted
			}
			if r.err != nil {
				if !errors.Is(r.err, context.Canceled) {
					m.cfg.Logger.Printf("dispatch: offer trip %s to driver %s: %v", trip.ID, r.driverID, r.err)
				}
				continue
			}
			if r.decision == Accepted {
				return r.driverID, nil
			}
		case <-timeout:
			return "", errWaveExhausted
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}
