package interloan

import (
	"context"
	"fmt"
)

type pendingItem struct {
	slip Slip
	err  error
}

// pending pages through the queue and delivers the requests that are ours to
// fill and not yet past their need-by date. The channel is closed after the
// last page or after the first error, which is delivered as an item.
func (p *Processor) pending(ctx context.Context) <-chan pendingItem {
	out := make(chan pendingItem)
	go func() {
		defer close(out)
		cursor := ""
		for pageNo := 1; ; pageNo++ {
			page, err := p.queue.Pending(ctx, p.cfg.Library, cursor, p.cfg.PageSize)
			if err != nil {
				out <- pendingItem{err: fmt.Errorf("page %d: %w", pageNo, err)}
				return
			}
			for _, s := range page.Slips {
				if s.Lender != p.cfg.Library {
					p.log.Printf("slip %s: addressed to %s, skipping", s.ID, s.Lender)
					continue
				}
				if !s.NeedBy.IsZero() && s.NeedBy.Before(p.now()) {
					p.log.Printf("slip %s: need-by %s passed, leaving for expiry", s.ID, s.NeedBy.Format("2006-01-02"))
					continue
				}
				out <- pendingItem{slip: s} // leak: nobody receives once Run stops at a full tray
			}
			if page.Next == "" {
				return
			}
			cursor = page.Next
		}
	}()
	return out
}
