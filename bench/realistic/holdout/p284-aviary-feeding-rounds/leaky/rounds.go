package feeding

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Errors returned by RecordRound and Refill.
var (
	ErrUnknownAviary = errors.New("feeding: unknown aviary")
	ErrNoHopper      = errors.New("feeding: no hopper for feed")
	ErrStaleReport   = errors.New("feeding: report older than last round")
	ErrBadReport     = errors.New("feeding: malformed round report")
)

// RoundItem is the amount of one feed put out during a round.
type RoundItem struct {
	Feed  FeedType
	Grams float64
}

// RoundReport is filed by a keeper after a feeding round.
type RoundReport struct {
	AviaryID string
	Keeper   string
	At       time.Time
	Items    []RoundItem
	Notes    string
}

func (r RoundReport) validate() error {
	if r.AviaryID == "" || r.Keeper == "" || r.At.IsZero() {
		return fmt.Errorf("%w: aviary, keeper and time are required", ErrBadReport)
	}
	if len(r.Items) == 0 {
		return fmt.Errorf("%w: no items", ErrBadReport)
	}
	for _, it := range r.Items {
		if it.Grams <= 0 {
			return fmt.Errorf("%w: %s: non-positive amount %.1f g", ErrBadReport, it.Feed, it.Grams)
		}
	}
	return nil
}

// RecordRound applies a keeper's round report: hopper stock is drawn down,
// the aviary's due time is reset and low-stock alerts are raised.
func (s *Scheduler) RecordRound(ctx context.Context, rep RoundReport) error {
	if err := rep.validate(); err != nil {
		return err
	}

	s.mu.Lock()
	av, ok := s.aviaries[rep.AviaryID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownAviary, rep.AviaryID)
	}
	if rep.At.Before(av.lastFed) {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s at %s", ErrStaleReport, rep.AviaryID, rep.At.Format(time.RFC3339))
	}
	for _, it := range rep.Items {
		if _, ok := av.hoppers[it.Feed]; !ok {
			return fmt.Errorf("%w: %s has no %s hopper", ErrNoHopper, av.ID, it.Feed)
		}
	}

	var alerts []Alert
	for _, it := range rep.Items {
		h := av.hoppers[it.Feed]
		if it.Grams > h.StockG {
			alerts = append(alerts, Alert{
				Kind: AlertShortfall, AviaryID: av.ID, Feed: it.Feed, At: rep.At,
				Message: fmt.Sprintf("keeper %s reported %.0f g but hopper held %.0f g", rep.Keeper, it.Grams, h.StockG),
			})
			h.StockG = 0
		} else {
			h.StockG -= it.Grams
		}
		if h.StockG <= h.ReorderAtG && !h.lowSent {
			h.lowSent = true
			alerts = append(alerts, Alert{
				Kind: AlertLowStock, AviaryID: av.ID, Feed: it.Feed, At: rep.At,
				Message: fmt.Sprintf("%.0f g left, reorder at %.0f g", h.StockG, h.ReorderAtG),
			})
		}
	}
	av.lastFed = rep.At
	av.lastKeeper = rep.Keeper
	av.rounds++
	av.overdueSent = false
	s.mu.Unlock()

	s.notify(ctx, alerts)
	return nil
}

// Refill tops up a hopper from the commissary.
func (s *Scheduler) Refill(aviaryID string, feed FeedType, grams float64) (float64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	av, ok := s.aviaries[aviaryID]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownAviary, aviaryID)
	}
	h, ok := av.hoppers[feed]
	if !ok {
		return 0, fmt.Errorf("%w: %s has no %s hopper", ErrNoHopper, aviaryID, feed)
	}
	added := grams
	if h.StockG+added > h.CapacityG {
		added = h.CapacityG - h.StockG
	}
	h.StockG += added
	if h.StockG > h.ReorderAtG {
		h.lowSent = false
	}
	return added, nil
}

// AviaryStatus is a read-only snapshot.
type AviaryStatus struct {
	ID      string
	Rounds  int
	LastFed time.Time
	Stock   map[FeedType]float64
}

// Status returns a snapshot of all aviaries sorted by ID.
func (s *Scheduler) Status() []AviaryStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]AviaryStatus, 0, len(s.aviaries))
	for _, av := range s.aviaries {
		st := AviaryStatus{ID: av.ID, Rounds: av.rounds, LastFed: av.lastFed, Stock: make(map[FeedType]float64)}
		for f, h := range av.hoppers {
			st.Stock[f] = h.StockG
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
