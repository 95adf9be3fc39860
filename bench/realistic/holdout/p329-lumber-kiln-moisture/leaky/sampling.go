package kiln

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

type probeResult struct {
	id  string
	mc  float64
	err error
}

// sampleProbes reads every probe concurrently and delivers one result per
// probe on the returned channel.
func (c *Controller) sampleProbes(ctx context.Context) <-chan probeResult {
	results := make(chan probeResult)
	for _, p := range c.probes {
		go func(p ProbeReader) {
			rctx, cancel := context.WithTimeout(ctx, c.cfg.ProbeTimeout)
			defer cancel()
			mc, err := p.ReadMC(rctx)
			results <- probeResult{id: p.ID(), mc: mc, err: err} // leak: no receiver once collect has returned early
		}(p)
	}
	return results
}

// collect gathers the readings of one cycle. A shorted probe aborts the cycle
// straight away since its neighbours are likely to be wet too; other failures
// are tolerated up to MaxFailedProbes.
func (c *Controller) collect(ctx context.Context) ([]float64, error) {
	results := c.sampleProbes(ctx)
	readings := make([]float64, 0, len(c.probes))
	failed := 0
	for i := 0; i < len(c.probes); i++ {
		var r probeResult
		select {
		case r = <-results:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			if errors.Is(r.err, ErrProbeShorted) {
				return nil, fmt.Errorf("kiln: probe %s: %w", r.id, r.err)
			}
			failed++
			c.log.Printf("kiln: probe %s: %v", r.id, r.err)
			if failed > c.cfg.MaxFailedProbes {
				return nil, fmt.Errorf("kiln: %d probes failed: %w", failed, ErrTooFewProbes)
			}
			continue
		}
		if r.mc <= 0 || r.mc > 200 {
			c.log.Printf("kiln: probe %s: implausible reading %.1f%%, ignored", r.id, r.mc)
			continue
		}
		readings = append(readings, r.mc)
	}
	if len(readings) == 0 {
		return nil, ErrTooFewProbes
	}
	return readings, nil
}

// trimmedMean averages the readings that lie within spread of the median.
func trimmedMean(readings []float64, spread float64) float64 {
	sorted := append([]float64(nil), readings...)
	sort.Float64s(sorted)
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	var sum float64
	var kept int
	for _, v := range sorted {
		if spread > 0 && (v < median-spread || v > median+spread) {
			continue
		}
		sum += v
		kept++
	}
	if kept == 0 {
		return median
	}
	return sum / float64(kept)
}
