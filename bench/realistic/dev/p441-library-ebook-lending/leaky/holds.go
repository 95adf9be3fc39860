package lending

import (
	"context"
	"errors"
	"fmt"
)

type holdResult struct {
	hold Hold
	err  error
}

// queuedHolds streams the waiting list for isbn, oldest hold first, fetching
// it from the store one page at a time.
func (s *Service) queuedHolds(ctx context.Context, isbn string) <-chan holdResult {
	out := make(chan holdResult)
	go func() {
		defer close(out)
		var after int64
		for {
			page, err := s.holds.List(ctx, isbn, after, s.cfg.HoldPageSize)
			if err != nil {
				out <- holdResult{err: err}
				return
			}
			for _, h := range page {
				out <- holdResult{hold: h} // leak: consumer returns after the first eligible hold and stops receiving
				after = h.Seq
			}
			if len(page) < s.cfg.HoldPageSize {
				return
			}
		}
	}()
	return out
}

// promoteNextHold checks out a freed copy of isbn to the first patron on the
// waiting list who is allowed to borrow it, removes that hold and notifies
// the patron. It returns the new loan, or nil if nobody could take the copy.
func (s *Service) promoteNextHold(ctx context.Context, isbn string) (*Loan, error) {
	lic, err := s.catalog.License(ctx, isbn)
	if err != nil {
		return nil, err
	}

	for res := range s.queuedHolds(ctx, isbn) {
		if res.err != nil {
			return nil, fmt.Errorf("list holds: %w", res.err)
		}
		h := res.hold

		p, err := s.patrons.Lookup(ctx, h.PatronID)
		if err != nil {
			s.cfg.Logger.Printf("hold %d on %s: %v; skipping", h.Seq, isbn, err)
			continue
		}
		if err := s.eligible(p); err != nil {
			s.cfg.Logger.Printf("hold %d on %s skipped: %v", h.Seq, isbn, err)
			continue
		}

		s.mu.Lock()
		err = s.canLendLocked(lic, p.ID)
		if errors.Is(err, ErrNoCopyAvailable) {
			s.mu.Unlock()
			return nil, nil
		}
		if err != nil {
			s.mu.Unlock()
			s.cfg.Logger.Printf("hold %d on %s skipped: %v", h.Seq, isbn, err)
			continue
		}
		loan := s.lendLocked(lic, p.ID)
		s.mu.Unlock()

		if err := s.holds.Remove(ctx, h); err != nil {
			s.cfg.Logger.Printf("hold %d on %s: loan created but hold not removed: %v", h.Seq, isbn, err)
		}
		if err := s.notifier.HoldReady(ctx, p, loan); err != nil {
			s.cfg.Logger.Printf("notify %s about %s: %v", p.ID, isbn, err)
		}
		s.cfg.Logger.Printf("hold %d on %s fulfilled for %s", h.Seq, isbn, p.ID)
		return &loan, nil
	}
	return nil, nil
}
