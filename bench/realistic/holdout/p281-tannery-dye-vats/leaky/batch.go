package dyehouse

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Recipe describes the fixation targets for an article.
type Recipe struct {
	Name          string
	TargetPH      float64 // fixation is complete at or below this pH
	MaxTempC      float64 // shrinkage-safe limit for the liquor
	MinExhaustion float64
	AcidStepL     float64 // formic acid per dose, litres
	MaxAcidL      float64
}

func (r Recipe) validate() error {
	switch {
	case r.TargetPH <= 0 || r.TargetPH >= 7:
		return fmt.Errorf("recipe %q: target pH %.2f out of range", r.Name, r.TargetPH)
	case r.MaxTempC <= 0:
		return fmt.Errorf("recipe %q: max temperature not set", r.Name)
	case r.AcidStepL <= 0 || r.MaxAcidL < r.AcidStepL:
		return fmt.Errorf("recipe %q: bad acid limits", r.Name)
	case r.MinExhaustion < 0 || r.MinExhaustion > 1:
		return fmt.Errorf("recipe %q: exhaustion %.2f out of range", r.Name, r.MinExhaustion)
	}
	return nil
}

// Batch is one load of hides in a vat.
type Batch struct {
	ID     string
	Vat    string
	Hides  int
	Recipe Recipe
}

// Result summarises a finished batch.
type Result struct {
	BatchID    string
	Readings   int
	Doses      int
	AcidL      float64
	FinalPH    float64
	Exhaustion float64
	Duration   time.Duration
}

// RunBatch runs the fixation stage of a batch until the recipe targets are
// met, the acid limit is reached, or something goes wrong.
func (c *Controller) RunBatch(ctx context.Context, b Batch) (res Result, err error) {
	if b.ID == "" || b.Vat == "" {
		return Result{}, errors.New("dyehouse: batch ID and vat are required")
	}
	if err := b.Recipe.validate(); err != nil {
		return Result{}, err
	}
	if err := c.claim(b.Vat, b.ID); err != nil {
		return Result{}, err
	}
	start := c.cfg.Now()
	res.BatchID = b.ID
	defer func() {
		res.Duration = c.cfg.Now().Sub(start)
		c.finish(b.Vat, res.AcidL, err != nil)
		if err != nil {
			c.cfg.Logger.Printf("batch %s on %s aborted after %d readings: %v", b.ID, b.Vat, res.Readings, err)
		}
	}()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	readings, errc := c.monitor(ctx, b.Vat)
	settle := 0
	for {
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case err := <-errc:
			return res, err
		case r, ok := <-readings:
			if !ok {
				return res, fmt.Errorf("%w: reading stream closed", ErrProbeFailed)
			}
			res.Readings++
			res.FinalPH = r.PH
			res.Exhaustion = r.Exhaustion

			if r.TempC > b.Recipe.MaxTempC {
				return res, fmt.Errorf("%w: %.1f°C > %.1f°C", ErrOverheat, r.TempC, b.Recipe.MaxTempC)
			}
			if r.PH <= b.Recipe.TargetPH && r.Exhaustion >= b.Recipe.MinExhaustion {
				c.cfg.Logger.Printf("batch %s fixed: pH %.2f, exhaustion %.0f%%, %.1f L acid",
					b.ID, r.PH, r.Exhaustion*100, res.AcidL)
				return res, nil
			}
			if settle > 0 {
				settle--
				continue
			}
			if r.PH <= b.Recipe.TargetPH {
				continue
			}
			if res.AcidL+b.Recipe.AcidStepL > b.Recipe.MaxAcidL {
				return res, fmt.Errorf("%w: %.1f L used, pH %.2f", ErrDoseLimit, res.AcidL, r.PH)
			}
			if err := c.doser.AddAcid(ctx, b.Vat, b.Recipe.AcidStepL); err != nil {
				return res, fmt.Errorf("%w: vat %s: %v", ErrDosing, b.Vat, err)
			}
			res.Doses++
			res.AcidL += b.Recipe.AcidStepL
			settle = c.cfg.DoseSettle
		}
	}
}
