package vault

import (
	"context"
	"fmt"
	"math"
	"sort"
)

type barResult struct {
	bar      Bar
	measured float64
	cert     AssayCertificate
	err      error
}

// AuditShelf weighs every bar the ledger places on shelf and checks it
// against its assay certificate. Bars are inspected in parallel because each
// reading of the balance has to settle before it can be taken.
func (a *Auditor) AuditShelf(ctx context.Context, shelf string) (*Report, error) {
	bars, err := a.inv.BarsOnShelf(ctx, shelf)
	if err != nil {
		return nil, fmt.Errorf("vault: list shelf %s: %w", shelf, err)
	}
	if len(bars) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrShelfEmpty, shelf)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	rep := newReport(shelf, a.cfg.Clock())
	a.logf("audit %s: %d bars on record", shelf, len(bars))

	results := make(chan barResult, len(bars))
	for _, b := range bars {
		go func(b Bar) {
			measured, cert, err := a.inspect(ctx, b)
			results <- barResult{bar: b, measured: measured, cert: cert, err: err}
		}(b)
	}

	for range bars {
		r := <-results
		if r.err != nil {
			a.logf("audit %s: aborting on bar %s: %v", shelf, r.bar.Serial, r.err)
			return nil, fmt.Errorf("vault: audit %s: bar %s: %w", shelf, r.bar.Serial, r.err)
		}
		rep.add(a.evaluate(r))
	}

	sort.Slice(rep.Findings, func(i, j int) bool {
		return rep.Findings[i].Serial < rep.Findings[j].Serial
	})
	rep.Finished = a.cfg.Clock()
	a.logf("audit %s: %d bars, %d discrepancies", shelf, len(rep.Findings), rep.Discrepancies())
	return rep, nil
}

// AuditShelves audits shelves one after the other and stops at the first
// shelf that cannot be audited.
func (a *Auditor) AuditShelves(ctx context.Context, shelves ...string) ([]*Report, error) {
	reports := make([]*Report, 0, len(shelves))
	for _, s := range shelves {
		if err := ctx.Err(); err != nil {
			return reports, err
		}
		rep, err := a.AuditShelf(ctx, s)
		if err != nil {
			return reports, err
		}
		reports = append(reports, rep)
	}
	return reports, nil
}

func (a *Auditor) inspect(ctx context.Context, b Bar) (float64, AssayCertificate, error) {
	cert, err := a.assays.Certificate(ctx, b.Serial)
	if err != nil {
		return 0, AssayCertificate{}, err
	}

	wctx, cancel := context.WithTimeout(ctx, a.cfg.WeighTimeout)
	defer cancel()
	grams, err := a.scale.Weigh(wctx, b.Serial)
	if err != nil {
		return 0, cert, fmt.Errorf("%w: %v", ErrScaleFault, err)
	}
	if grams <= 0 || math.IsNaN(grams) {
		return 0, cert, fmt.Errorf("%w: implausible reading %.3f g", ErrScaleFault, grams)
	}
	return grams, cert, nil
}

func (a *Auditor) evaluate(r barResult) Finding {
	f := Finding{
		Serial:        r.bar.Serial,
		Metal:         r.bar.Metal,
		Refiner:       r.cert.Refiner,
		RecordedGrams: r.bar.RecordedGrams,
		MeasuredGrams: r.measured,
		Fineness:      r.cert.Fineness,
	}
	if diff := r.measured - r.bar.RecordedGrams; math.Abs(diff) > a.cfg.WeightToleranceGrams {
		kind := Underweight
		if diff > 0 {
			kind = Overweight
		}
		f.Issues = append(f.Issues, Issue{Kind: kind, Detail: fmt.Sprintf("%+.3f g", diff)})
	}
	if diff := r.cert.Fineness - r.bar.Fineness; math.Abs(diff) > a.cfg.FinenessTolerance {
		f.Issues = append(f.Issues, Issue{
			Kind:   FinenessMismatch,
			Detail: fmt.Sprintf("ledger %.1f, certificate %.1f", r.bar.Fineness, r.cert.Fineness),
		})
	}
	return f
}
