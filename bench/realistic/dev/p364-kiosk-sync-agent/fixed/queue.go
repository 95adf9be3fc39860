package kiosk

import (
	"sync"
	"time"
)

// LineItem is one product line of a sale.
type LineItem struct {
	SKU        string `json:"sku"`
	Qty        int    `json:"qty"`
	PriceCents int64  `json:"price_cents"`
}

// Sale is a completed checkout. Its ID is unique per kiosk and is used by HQ
// as an idempotency key, so uploading the same sale twice is harmless.
type Sale struct {
	ID         string     `json:"id"`
	At         time.Time  `json:"at"`
	Items      []LineItem `json:"items"`
	TotalCents int64      `json:"total_cents"`
}

// saleQueue holds sales recorded while they wait to be uploaded. It is safe
// for concurrent use.
type saleQueue struct {
	mu    sync.Mutex
	sales []Sale
	limit int
}

func newSaleQueue(limit int) *saleQueue {
	return &saleQueue{limit: limit}
}

// push appends s. It reports false if the queue is full.
func (q *saleQueue) push(s Sale) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.limit > 0 && len(q.sales) >= q.limit {
		return false
	}
	q.sales = append(q.sales, s)
	return true
}

// peek returns up to n of the oldest queued sales without removing them.
func (q *saleQueue) peek(n int) []Sale {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n > len(q.sales) {
		n = len(q.sales)
	}
	return append([]Sale(nil), q.sales[:n]...)
}

// ack removes the sales with the given ids.
func (q *saleQueue) ack(ids []string) {
	done := make(map[string]bool, len(ids))
	for _, id := range ids {
		done[id] = true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	kept := q.sales[:0]
	for _, s := range q.sales {
		if !done[s.ID] {
			kept = append(kept, s)
		}
	}
	q.sales = kept
}

func (q *saleQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.sales)
}
