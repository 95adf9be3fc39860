package topping

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Result describes the topping of one barrel.
type Result struct {
	BarrelID   string
	Skipped    bool
	FillBefore float64
	FillAfter  float64
	Litres     float64
	Took       time.Duration
}

// TopBarrel opens the valve on b and closes it once the gauge reports the
// target level.
func (t *Topper) TopBarrel(ctx context.Context, b Barrel) (Result, error) {
	res := Result{BarrelID: b.ID}
	before, err := t.gauge.FillPercent(ctx, b.ID)
	if err != nil {
		return res, fmt.Errorf("topping: %s: initial reading: %w", b.ID, err)
	}
	res.FillBefore, res.FillAfter = before, before
	if before >= t.cfg.skipAbovePct {
		res.Skipped = true
		return res, nil
	}
	need := (t.cfg.targetPct - before) / 100 * b.CapacityLitres
	if t.Stock()-need < t.cfg.minStockLitres {
		return res, fmt.Errorf("%w: %.1f L left, %s needs %.1f L", ErrStockLow, t.Stock(), b.ID, need)
	}

	start := t.cfg.now()
	if err := t.valve.Open(ctx, b.ID); err != nil {
		return res, fmt.Errorf("topping: %s: open valve: %w", b.ID, err)
	}
	closeValve := func() error {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return t.valve.Close(cctx, b.ID)
	}

	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	levels := t.watchLevel(wctx, b.ID)
	limit := time.NewTimer(t.cfg.maxTopTime)
	defer limit.Stop()

	gaugeErrors := 0
	for {
		select {
		case s, ok := <-levels:
			if !ok {
				_ = closeValve()
				return res, fmt.Errorf("topping: %s: %w", b.ID, ctx.Err())
			}
			if s.err != nil {
				gaugeErrors++
				t.cfg.logger.Printf("%s: gauge error %d/%d: %v", b.ID, gaugeErrors, t.cfg.maxGaugeErrors, s.err)
				if gaugeErrors >= t.cfg.maxGaugeErrors {
					_ = closeValve()
					return res, fmt.Errorf("%w: %s: %v", ErrGaugeLost, b.ID, s.err)
				}
				continue
			}
			gaugeErrors = 0
			if s.pct < t.cfg.targetPct {
				continue
			}
			if err := closeValve(); err != nil {
				return res, fmt.Errorf("topping: %s: close valve: %w", b.ID, err)
			}
			res.FillAfter = s.pct
			res.Litres = (s.pct - before) / 100 * b.CapacityLitres
			res.Took = s.at.Sub(start)
			t.draw(res.Litres)
			t.record(ctx, res)
			return res, nil
		case <-limit.C:
			if err := closeValve(); err != nil {
				return res, fmt.Errorf("topping: %s: close valve after timeout: %w", b.ID, err)
			}
			return res, fmt.Errorf("%w: %s after %s", ErrTopTimeout, b.ID, t.cfg.maxTopTime)
		}
	}
}

func (t *Topper) record(ctx context.Context, res Result) {
	err := t.journal.Record(ctx, Entry{
		BarrelID:    res.BarrelID,
		StockLot:    t.cfg.stockLot,
		Litres:      res.Litres,
		FillBefore:  res.FillBefore,
		FillAfter:   res.FillAfter,
		CompletedAt: t.cfg.now(),
	})
	if err != nil {
		t.cfg.logger.Printf("%s: journal: %v (%.2f L not recorded)", res.BarrelID, err, res.Litres)
	}
}

// RowSummary totals a topping round over one row of barrels.
type RowSummary struct {
	Results []Result
	Failed  map[string]error
	Litres  float64
}

// TopRow tops every barrel of a row in order. A barrel that fails is noted
// and the round moves on; running out of topping wine ends the round.
func (t *Topper) TopRow(ctx context.Context, barrels []Barrel) (RowSummary, error) {
	sum := RowSummary{Failed: make(map[string]error)}
	for _, b := range barrels {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		res, err := t.TopBarrel(ctx, b)
		if err != nil {
			if errors.Is(err, ErrStockLow) || errors.Is(err, context.Canceled) {
				return sum, err
			}
			t.cfg.logger.Printf("%s: %v", b.ID, err)
			sum.Failed[b.ID] = err
			continue
		}
		sum.Results = append(sum.Results, res)
		sum.Litres += res.Litres
	}
	return sum, nil
}
