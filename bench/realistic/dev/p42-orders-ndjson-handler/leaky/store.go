package orders

import (
	"context"
	"time"
)

// Order is one order.
type Order struct {
	ID         string    `json:"id"`
	Customer   string    `json:"customer"`
	Status     string    `json:"status"`
	TotalCents int64     `json:"total_cents"`
	PlacedAt   time.Time `json:"placed_at"`
}

// Filter selects orders; empty fields match everything.
type Filter struct {
	Status   string
	Customer string
}

// Store lists orders a page at a time, newest first. An empty next cursor means
// the last page.
type Store interface {
	List(ctx context.Context, f Filter, cursor string, limit int) (page []Order, next string, err error)
}

// scan streams every order matching f, fetching pages as the consumer catches
// up. The error channel gets one value once rows is closed.
func (h *Handler) scan(ctx context.Context, f Filter) (<-chan Order, <-chan error) {
	rows := make(chan Order)
	errc := make(chan error, 1)
	go func() {
		defer close(rows)
		cursor := ""
		for {
			page, next, err := h.store.List(ctx, f, cursor, h.pageSize)
			if err != nil {
				errc <- err
				return
			}
			for _, o := range page {
				rows <- o // leak: the handler stopped reading at the limit and returned, so this send has no receiver
			}
			if next == "" {
				errc <- nil
				return
			}
			cursor = next
		}
	}()
	return rows, errc
}
