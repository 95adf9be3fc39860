package meltwatch

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

const iceDensity = 0.9 // relative to water

type job struct {
	station Station
	queued  time.Time
}

type pool struct {
	jobs chan job
	wg   sync.WaitGroup
}

func (p *pool) stop() {
	close(p.jobs)
	p.wg.Wait()
}

func (c *Collector) startPool(ctx context.Context, n int) *pool {
	p := &pool{jobs: make(chan job, c.cfg.QueueDepth)}
	p.wg.Add(n)
	for i := 0; i < n; i++ {
		go c.worker(ctx, i, p.jobs, &p.wg)
	}
	return p
}

func (c *Collector) worker(ctx context.Context, id int, jobs <-chan job, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs { // leak: old pool's channel is never closed after Resize
		if err := c.collect(ctx, j); err != nil {
			c.failed.Add(1)
			c.cfg.Logger.Printf("meltwatch: worker %d: station %s: %v", id, j.station.ID, err)
		}
	}
}

func (c *Collector) fetch(ctx context.Context, stationID string) (Raw, error) {
	var lastErr error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		fctx, cancel := context.WithTimeout(ctx, c.cfg.FetchTimeout)
		raw, err := c.tel.Fetch(fctx, stationID)
		cancel()
		if err == nil {
			return raw, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return Raw{}, fmt.Errorf("fetch after %d attempts: %w", c.cfg.Retries+1, lastErr)
}

func (c *Collector) collect(ctx context.Context, j job) error {
	raw, err := c.fetch(ctx, j.station.ID)
	if err != nil {
		return err
	}
	c.fetched.Add(1)

	c.lastMu.Lock()
	prev, hasPrev := c.last[j.station.ID]
	c.last[j.station.ID] = raw
	c.lastMu.Unlock()

	m, err := derive(j.station, raw, prev, hasPrev)
	if err != nil {
		return err
	}
	if raw.BatteryV > 0 && raw.BatteryV < c.cfg.LowBatteryV {
		m.Flags = append(m.Flags, "low-battery")
	}
	if err := c.sink.Write(ctx, m); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	c.written.Add(1)
	return nil
}

func derive(st Station, raw, prev Raw, hasPrev bool) (Measurement, error) {
	m := Measurement{StationID: st.ID, At: raw.At, Kind: st.Kind}
	switch st.Kind {
	case AblationStake:
		if !hasPrev {
			m.Flags = append(m.Flags, "baseline")
			return m, nil
		}
		lowering := raw.Value - prev.Value // sonic ranger distance grows as ice melts
		if lowering < -0.05 {
			m.Flags = append(m.Flags, "snowfall")
			lowering = 0
		}
		m.MeltMMWE = math.Max(lowering, 0) * 1000 * iceDensity
	case StreamGauge:
		h := raw.Value - st.RatingH0
		if h < 0 {
			m.Flags = append(m.Flags, "below-datum")
			h = 0
		}
		m.Discharge = st.RatingA * math.Pow(h, st.RatingB)
	default:
		return Measurement{}, fmt.Errorf("station %s: unknown kind %d", st.ID, st.Kind)
	}
	return m, nil
}
