package grooming

import (
	"context"
	"fmt"
	"sort"
	"time"
)

type slotResult struct {
	groomer Groomer
	slots   []Slot
	err     error
}

func (q *Queue) lookupSlots(ctx context.Context, groomers []Groomer, day time.Time, length time.Duration) <-chan slotResult {
	out := make(chan slotResult)
	for _, g := range groomers {
		g := g
		go func() {
			slots, err := q.cal.FreeSlots(ctx, g.ID, day, length)
			out <- slotResult{groomer: g, slots: slots, err: err} // leak: nobody receives after bestSlot returns on the first calendar error
		}()
	}
	return out
}

func (q *Queue) bestSlot(ctx context.Context, groomers []Groomer, req Request) (Slot, error) {
	length := req.Duration()
	results := q.lookupSlots(ctx, groomers, req.Day, length)

	var candidates []Slot
	for range groomers {
		r := <-results
		if r.err != nil {
			return Slot{}, fmt.Errorf("grooming: availability for %s: %w", r.groomer.ID, r.err)
		}
		for _, s := range r.slots {
			if s.GroomerID == "" {
				s.GroomerID = r.groomer.ID
			}
			if s.End.Sub(s.Start) < length {
				continue
			}
			if !q.withinHours(s.Start, length) {
				continue
			}
			candidates = append(candidates, Slot{GroomerID: s.GroomerID, Start: s.Start, End: s.Start.Add(length)})
		}
	}
	if len(candidates) == 0 {
		return Slot{}, ErrNoSlot
	}

	sort.Slice(candidates, func(i, j int) bool {
		a, b := candidates[i], candidates[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.GroomerID < b.GroomerID
	})
	if req.Preferred != "" {
		for _, c := range candidates {
			if c.GroomerID == req.Preferred && c.Start.Sub(candidates[0].Start) <= q.preferredSlack {
				return c, nil
			}
		}
	}
	return candidates[0], nil
}

func (q *Queue) withinHours(start time.Time, length time.Duration) bool {
	open := time.Date(start.Year(), start.Month(), start.Day(), q.openHour, 0, 0, 0, start.Location())
	closing := time.Date(start.Year(), start.Month(), start.Day(), q.closeHour, 0, 0, 0, start.Location())
	return !start.Before(open) && !start.Add(length).After(closing)
}
