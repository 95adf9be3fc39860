// Package cloud is a client for a paginated inventory API.
package cloud

import (
	"context"
	"fmt"
)

// Machine is one VM in the inventory.
type Machine struct {
	ID    string
	Zone  string
	State string
}

// Page is one API response.
type Page struct {
	Items []Machine
	Next  string
}

// API fetches one page; token "" is the first page.
type API interface {
	ListMachines(ctx context.Context, token string) (Page, error)
}

// Client wraps the API.
type Client struct {
	api API
}

// NewClient wraps api.
func NewClient(api API) *Client { return &Client{api: api} }

// All streams every machine across all pages. The channel is closed at the end;
// a failed page stops the stream and is reported through errp.
func (c *Client) All(ctx context.Context, errp *error) <-chan Machine {
	out := make(chan Machine)
	go func() {
		defer close(out)
		token := ""
		for {
			page, err := c.api.ListMachines(ctx, token)
			if err != nil {
				*errp = err
				return
			}
			for _, m := range page.Items {
				out <- m // leak: FindByID breaks out of its range as soon as it finds the machine
			}
			if page.Next == "" {
				return
			}
			token = page.Next
		}
	}()
	return out
}

// FindByID scans the inventory for one machine.
func (c *Client) FindByID(ctx context.Context, id string) (Machine, error) {
	var err error
	for m := range c.All(ctx, &err) {
		if m.ID == id {
			return m, nil
		}
	}
	if err != nil {
		return Machine{}, err
	}
	return Machine{}, fmt.Errorf("machine %s not found", id)
}
