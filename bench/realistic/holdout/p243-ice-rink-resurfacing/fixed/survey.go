package resurface

import (
	"context"
	"math"
	"time"
)

type probeResult struct {
	reading Reading
	err     error
}

// probe asks the gauge for one zone in the background.
func (r *Resurfacer) probe(ctx context.Context, zone Zone) <-chan probeResult {
	out := make(chan probeResult, 1)
	go func() {
		reading, err := r.gauge.Measure(ctx, zone.ID)
		out <- probeResult{reading: reading, err: err}
	}()
	return out
}

// survey probes every zone concurrently and returns the readings that came
// back in time, keyed by zone ID.
func (r *Resurfacer) survey(ctx context.Context) map[string]Reading {
	pending := make(map[string]<-chan probeResult, len(r.cfg.Zones))
	for _, z := range r.cfg.Zones {
		pending[z.ID] = r.probe(ctx, z)
	}

	readings := make(map[string]Reading, len(r.cfg.Zones))
	for _, z := range r.cfg.Zones {
		timer := time.NewTimer(r.cfg.ProbeTimeout)
		select {
		case res := <-pending[z.ID]:
			timer.Stop()
			if res.err != nil {
				r.log.Printf("resurface: probe %s failed: %v", z.ID, res.err)
				continue
			}
			if !plausible(res.reading) {
				r.log.Printf("resurface: probe %s implausible reading %.1fmm at %.1f°C, ignoring",
					z.ID, res.reading.ThicknessMM, res.reading.SurfaceTempC)
				continue
			}
			readings[z.ID] = res.reading
		case <-timer.C:
			r.log.Printf("resurface: probe %s did not answer within %s", z.ID, r.cfg.ProbeTimeout)
		case <-ctx.Done():
			timer.Stop()
			return readings
		}
	}
	return readings
}

func plausible(rd Reading) bool {
	return rd.ThicknessMM > 5 && rd.ThicknessMM < 120 && rd.SurfaceTempC > -20 && rd.SurfaceTempC < 5
}

// plan works out how much to shave and how much water to lay on a zone.
func (r *Resurfacer) plan(z Zone, rd Reading, ok bool) Step {
	cfg := r.cfg
	st := Step{ZoneID: z.ID, Surveyed: ok}
	if !ok {
		st.ShaveMM = cfg.DefaultShaveMM
		st.FloodL = cfg.FloodLitresPerM2 * z.AreaM2
		st.Note = "not surveyed, default pass"
		return st
	}
	excess := rd.ThicknessMM - z.TargetMM
	switch {
	case rd.ThicknessMM < cfg.MinThicknessMM:
		st.FloodL = 2 * cfg.FloodLitresPerM2 * z.AreaM2
		st.Note = "thin ice, build up"
	case excess > 0:
		st.ShaveMM = math.Min(cfg.DefaultShaveMM+excess/2, cfg.MaxShaveMM)
		st.FloodL = cfg.FloodLitresPerM2 * z.AreaM2
	default:
		st.ShaveMM = cfg.DefaultShaveMM
		st.FloodL = cfg.FloodLitresPerM2 * z.AreaM2
	}
	if rd.SurfaceTempC > cfg.MaxFloodTempC {
		st.FloodL = 0
		st.Note = "surface too warm to flood"
	}
	st.ShaveMM = math.Round(st.ShaveMM*10) / 10
	st.FloodL = math.Round(st.FloodL)
	return st
}
