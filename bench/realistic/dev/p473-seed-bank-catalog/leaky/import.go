package seedbank

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// ErrTooManyRejects aborts an import whose input is mostly garbage.
var ErrTooManyRejects = errors.New("seedbank: too many rejected lots")

var (
	accessionRE = regexp.MustCompile(`^[A-Z]{2,4}-\d{4,6}$`)
	taxonRE     = regexp.MustCompile(`^[A-Z][a-z]+ [a-z-]+( (subsp|var)\. [a-z-]+)?$`)
	originRE    = regexp.MustCompile(`^[A-Z]{2}$`)
)

// Reject records a lot that was not cataloged.
type Reject struct {
	AccessionID string
	Line        int
	Err         error
}

// ImportSummary reports what an import did.
type ImportSummary struct {
	Read      int
	Created   int
	Merged    int
	RegenDue  []string
	Rejects   []Reject
	Truncated bool
}

// ImportLots catalogs every lot from src. Invalid lots are skipped and
// reported until more than MaxRejects have been seen, at which point the
// import stops with ErrTooManyRejects; lots cataloged so far are kept.
func (c *Catalog) ImportLots(ctx context.Context, src LotSource) (ImportSummary, error) {
	var cancel context.CancelFunc
	if c.cfg.ImportTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.cfg.ImportTimeout)
		defer cancel()
	}

	var sum ImportSummary
	lots, errc := streamLots(ctx, src)
	for lot := range lots {
		sum.Read++
		if err := c.validate(lot); err != nil {
			sum.Rejects = append(sum.Rejects, Reject{AccessionID: lot.AccessionID, Line: sum.Read, Err: err})
			c.cfg.Logger.Printf("seedbank: rejecting lot %d (%s): %v", sum.Read, lot.AccessionID, err)
			if len(sum.Rejects) > c.cfg.MaxRejects {
				sum.Truncated = true
				return sum, fmt.Errorf("%w: %d rejected after %d lots", ErrTooManyRejects, len(sum.Rejects), sum.Read)
			}
			continue
		}

		acc, created, err := c.upsert(ctx, lot)
		if err != nil {
			sum.Truncated = true
			return sum, fmt.Errorf("seedbank: storing %s: %w", lot.AccessionID, err)
		}
		if created {
			sum.Created++
		} else {
			sum.Merged++
		}
		if acc.RegenerationDue {
			sum.RegenDue = append(sum.RegenDue, acc.AccessionID)
		}
	}
	if err := <-errc; err != nil {
		sum.Truncated = true
		return sum, fmt.Errorf("seedbank: reading lots: %w", err)
	}
	c.cfg.Logger.Printf("seedbank: import done: %d read, %d new, %d merged, %d rejected",
		sum.Read, sum.Created, sum.Merged, len(sum.Rejects))
	return sum, nil
}

// streamLots reads src on its own goroutine so that parsing overlaps with
// store round trips. The error channel yields at most one value and is
// closed once the lot channel is.
func streamLots(ctx context.Context, src LotSource) (<-chan Lot, <-chan error) {
	out := make(chan Lot)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(out)
		for {
			lot, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				errc <- err
				return
			}
			select { // leak: the import returned early and ctx is never cancelled
			case out <- lot:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		}
	}()
	return out, errc
}

// validate checks a lot against the catalog's data rules.
func (c *Catalog) validate(lot Lot) error {
	var problems []string
	if !accessionRE.MatchString(lot.AccessionID) {
		problems = append(problems, fmt.Sprintf("accession id %q malformed", lot.AccessionID))
	}
	if !taxonRE.MatchString(lot.Taxon) {
		problems = append(problems, fmt.Sprintf("taxon %q is not a binomial", lot.Taxon))
	}
	if !originRE.MatchString(lot.Origin) {
		problems = append(problems, fmt.Sprintf("origin %q is not a country code", lot.Origin))
	}
	if lot.SeedCount <= 0 {
		problems = append(problems, "seed count must be positive")
	}
	if lot.Storage == StorageUnknown {
		problems = append(problems, "storage condition missing")
	}
	if lot.CollectedOn.IsZero() || lot.CollectedOn.After(c.cfg.Now()) {
		problems = append(problems, "collection date missing or in the future")
	}
	for i, t := range lot.Tests {
		switch {
		case t.Sown <= 0:
			problems = append(problems, fmt.Sprintf("test %d sowed no seeds", i+1))
		case t.Germinated < 0 || t.Germinated > t.Sown:
			problems = append(problems, fmt.Sprintf("test %d germinated %d of %d", i+1, t.Germinated, t.Sown))
		case t.TestedOn.Before(lot.CollectedOn):
			problems = append(problems, fmt.Sprintf("test %d predates collection", i+1))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(problems, "; "))
	}
	return nil
}
