package fanoutsomesend

import (
	"context"
	"errors"
	"time"
)

// run: ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond); defer cancel(); _, _ = Prices(ctx, []string{"a", "b", "missing"})

var errUnknown = errors.New("unknown item")

func price(item string) (int, error) {
	time.Sleep(20 * time.Millisecond)
	if item == "missing" {
		return 0, errUnknown
	}
	return len(item), nil
}

// Prices asks for every item's price at once and gives up when ctx ends. An item
// without a price sends nothing; the others send once, and when ctx ends first
// nobody is left to receive what they send.
func Prices(ctx context.Context, items []string) (map[string]int, error) {
	found := make(chan [2]interface{})
	for _, it := range items {
		go func(it string) {
			p, err := price(it)
			if err != nil {
				return
			}
			found <- [2]interface{}{it, p} // want "blocks forever sending on `found` when `<-ctx.Done\\(\\)` wins the select"
		}(it)
	}
	out := make(map[string]int)
	for range items {
		select {
		case f := <-found:
			out[f[0].(string)] = f[1].(int)
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
	return out, nil
}
