package presscycle

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func (r *Runner) pressOpening(ctx context.Context, job Job, l Layup, wg *sync.WaitGroup, errc chan<- error, results chan<- OpeningResult) {
	temp, err := r.press.PlatenTemp(ctx, l.Opening)
	if err != nil {
		errc <- fmt.Errorf("opening %d: read platen temperature: %w", l.Opening, err)
		return
	}
	if temp < job.Glue.MinCureTemp {
		r.record(ctx, Event{Job: job.ID, Opening: l.Opening, Kind: "platen-cold",
			Detail: fmt.Sprintf("%.1f°C < %.1f°C", temp, job.Glue.MinCureTemp)})
		errc <- fmt.Errorf("opening %d at %.1f°C, %s needs %.1f°C: %w",
			l.Opening, temp, job.Glue.Name, job.Glue.MinCureTemp, ErrPlatenCold)
		return
	}
	defer wg.Done()

	if err := r.press.Clamp(ctx, l.Opening, job.Glue.Pressure); err != nil {
		errc <- fmt.Errorf("opening %d: clamp: %w", l.Opening, err)
		return
	}
	cure := job.Glue.cureTime(l.ThicknessMM)
	r.record(ctx, Event{Job: job.ID, Opening: l.Opening, Kind: "clamped",
		Detail: fmt.Sprintf("panel %s, %.0f kPa for %s", l.PanelID, job.Glue.Pressure, cure)})

	minP, err := r.holdPressure(ctx, l.Opening, job.Glue.Pressure, cure)
	if err != nil {
		errc <- fmt.Errorf("opening %d: %w", l.Opening, err)
		return
	}
	results <- OpeningResult{
		Opening:     l.Opening,
		PanelID:     l.PanelID,
		CureTime:    cure,
		MinPressure: minP,
		PlatenTemp:  temp,
	}
}

// holdPressure keeps an opening closed for the cure time, sampling the
// hydraulic pressure, and returns the lowest pressure seen.
func (r *Runner) holdPressure(ctx context.Context, opening int, setPoint float64, cure time.Duration) (float64, error) {
	deadline := time.NewTimer(cure)
	defer deadline.Stop()
	tick := time.NewTicker(r.sample)
	defer tick.Stop()

	minP := setPoint
	for {
		select {
		case <-ctx.Done():
			return minP, ctx.Err()
		case <-deadline.C:
			return minP, nil
		case <-tick.C:
			p, err := r.press.Pressure(ctx, opening)
			if err != nil {
				return minP, fmt.Errorf("read pressure: %w", err)
			}
			if p < minP {
				minP = p
			}
			if p < setPoint-r.tolerance {
				return minP, fmt.Errorf("%w: %.0f kPa, set point %.0f kPa", ErrPressureLoss, p, setPoint)
			}
		}
	}
}
