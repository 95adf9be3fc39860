package quotes

import (
	"context"
	"errors"
	"fmt"
)

// run: _, _ = Collect(appContext, []Venue{okVenue{}, badVenue{}, okVenue{}}, 1)

// appContext lives as long as the process, as a server's base context does.
var appContext = context.Background()

var errVenueDown = errors.New("quotes: venue down")

// Venue streams the quotes it holds.
type Venue interface {
	Quotes() ([]float64, error)
}

type okVenue struct{}

func (okVenue) Quotes() ([]float64, error) { return []float64{1, 2, 3, 4}, nil }

type badVenue struct{}

func (badVenue) Quotes() ([]float64, error) { return nil, errVenueDown }

type quote struct {
	price float64
	err   error
}

// Collect gathers every venue's quotes, venue by venue, and fails on the first venue
// that fails.
func Collect(ctx context.Context, venues []Venue, buffer int) ([]float64, error) {
	streams := make([]chan quote, len(venues))
	for i, v := range venues {
		streams[i] = make(chan quote, buffer)
		go feed(ctx, v, streams[i]) // want "a producer `Collect` starts blocks forever on its next send once `gather` gives up at line 54: each stream of `streams` is fed until `ctx` is done, and `ctx` is the caller's, which `Collect` never cancels"
	}
	prices, err := gather(streams)
	if err != nil {
		return nil, fmt.Errorf("quotes: collect: %w", err)
	}
	return prices, nil
}

func gather(streams []chan quote) ([]float64, error) {
	var prices []float64
	for _, ch := range streams {
		for q := range ch {
			if q.err != nil {
				return nil, q.err
			}
			prices = append(prices, q.price)
		}
	}
	return prices, nil
}
