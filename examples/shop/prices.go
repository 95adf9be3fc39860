package shop

import (
	"context"
	"errors"
	"time"
)

type Price struct {
	SKU   string
	Cents int
}

func lookup(sku string) Price {
	time.Sleep(10 * time.Millisecond)
	return Price{SKU: sku, Cents: 999}
}

// PriceOf gives up after the context ends; the lookup goroutine is left sending.
func PriceOf(ctx context.Context, sku string) (Price, error) {
	ch := make(chan Price)
	go func() {
		ch <- lookup(sku)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return Price{}, ctx.Err()
	}
}

// Validate returns early before reading the audit result.
func Validate(sku string) error {
	errc := make(chan error)
	go func() { errc <- audit(sku) }()
	if sku == "" {
		return errors.New("empty SKU")
	}
	return <-errc
}

func audit(string) error { return nil }
