package fitting

import (
	"context"
	"strings"
	"time"
)

// awaitMeasurements blocks until the order's measurements are complete, then
// drafts the pattern and books the first fitting.
func (p *Planner) awaitMeasurements(st *orderState) {
	st.mu.Lock()
	for {
		missing := st.missingLocked()
		if len(missing) == 0 || st.cancelled || st.closed {
			break
		}
		p.log.Printf("order %s: waiting for %s", st.order.ID, strings.Join(missing, ", "))
		st.cond.Wait()
	}
	if st.cancelled || st.closed {
		st.mu.Unlock()
		p.log.Printf("order %s: stopped waiting for measurements", st.order.ID)
		return
	}
	measurements := st.snapshotLocked()
	st.mu.Unlock()

	if err := p.draftAndBook(st.order, measurements); err != nil {
		p.log.Printf("order %s: %v", st.order.ID, err)
		return
	}

	p.mu.Lock()
	if p.orders[st.order.ID] == st {
		delete(p.orders, st.order.ID)
	}
	p.mu.Unlock()
}

func (p *Planner) draftAndBook(o Order, measurements map[string]float64) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.cfg.DraftTimeout)
	defer cancel()

	pattern, err := p.drafter.Draft(ctx, o, measurements)
	if err != nil {
		return err
	}
	p.log.Printf("order %s: pattern %s drafted, %d pieces", o.ID, pattern.Ref, pattern.Pieces)

	earliest := p.now().Add(time.Duration(len(o.Garments)) * p.cfg.DraftLead)
	slot, err := p.calendar.BookFitting(p.ctx, o.ID, o.Tailor, earliest)
	if err != nil {
		return err
	}
	p.log.Printf("order %s: first fitting with %s at %s", o.ID, o.Tailor, slot.Format(time.RFC1123))
	return nil
}
