package repairbench

import (
	"context"
)

func (b *Bench) work(ctx context.Context, name string) {
	for {
		t, ok := b.next(name)
		if !ok {
			b.log.Printf("repairbench: %s leaves the bench", name)
			return
		}
		if err := ctx.Err(); err != nil {
			b.putBack(t)
			return
		}
		report, err := b.repairer.Repair(ctx, name, t)
		report.TicketID, report.Clockmaker = t.ID, name
		if report.Finished.IsZero() {
			report.Finished = b.now()
		}
		b.finish(t, err)
		b.onComplete(report, err)
	}
}

// next blocks until there is a ticket whose parts are all in the drawer,
// takes those parts out, and hands the ticket to name.
func (b *Bench) next(name string) (*Ticket, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		if i := b.readyLocked(); i >= 0 {
			t := b.queue[i]
			b.queue = append(b.queue[:i], b.queue[i+1:]...)
			for part, n := range t.Parts {
				b.stock[part] -= n
			}
			b.inHand[t.ID] = name
			return t, true
		}
		if b.closed {
			return nil, false
		}
		b.cond.Wait()
	}
}

// readyLocked returns the index of the most urgent, longest-waiting ticket
// that can start now, or -1.
func (b *Bench) readyLocked() int {
	best := -1
	for i, t := range b.queue {
		if !b.inStockLocked(t) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		cur := b.queue[best]
		if t.Priority > cur.Priority ||
			(t.Priority == cur.Priority && t.Received.Before(cur.Received)) {
			best = i
		}
	}
	return best
}

func (b *Bench) inStockLocked(t *Ticket) bool {
	for part, n := range t.Parts {
		if b.stock[part] < n {
			return false
		}
	}
	return true
}

func (b *Bench) finish(t *Ticket, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.inHand, t.ID)
	if err == nil {
		b.repaired++
		return
	}
	b.returned++
	for part, n := range t.Parts {
		b.stock[part] += n
	}
	b.cond.Broadcast()
	b.log.Printf("repairbench: %s handed back unrepaired: %v", t.ID, err)
}

func (b *Bench) putBack(t *Ticket) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.inHand, t.ID)
	for part, n := range t.Parts {
		b.stock[part] += n
	}
	b.queue = append(b.queue, t)
	b.cond.Broadcast()
}
