package feeding

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Diet is what one animal of a species eats at each feed.
type Diet struct {
	Food         string
	GramsPerHead float64
	// FeedTimes are offsets from midnight, local zoo time.
	FeedTimes []time.Duration
	// MaxPerFeed caps a single order, to stop double-feeding from a typo.
	MaxPerFeed float64
}

// Enclosure is a habitat with an automatic feeder.
type Enclosure struct {
	ID        string
	Species   string
	Headcount int
}

// FeedOrder asks an enclosure's feeder to dispense food.
type FeedOrder struct {
	Enclosure string
	Food      string
	Grams     float64
	Due       time.Time
	Keeper    string
}

var (
	ErrUnknownEnclosure = errors.New("feeding: unknown enclosure")
	ErrUnknownSpecies   = errors.New("feeding: no diet for species")
	ErrOrder            = errors.New("feeding: invalid order")
)

// Diets maps species to their diet sheet.
type Diets map[string]Diet

func (d Diets) validate(encs []Enclosure) error {
	seen := make(map[string]bool, len(encs))
	for _, e := range encs {
		if e.ID == "" {
			return fmt.Errorf("feeding: enclosure without id")
		}
		if seen[e.ID] {
			return fmt.Errorf("feeding: enclosure %s listed twice", e.ID)
		}
		seen[e.ID] = true
		diet, ok := d[e.Species]
		if !ok {
			return fmt.Errorf("%w: %s in %s", ErrUnknownSpecies, e.Species, e.ID)
		}
		if diet.GramsPerHead <= 0 || len(diet.FeedTimes) == 0 {
			return fmt.Errorf("feeding: diet for %s has no amount or feed times", e.Species)
		}
		if e.Headcount < 1 {
			return fmt.Errorf("feeding: enclosure %s has no animals", e.ID)
		}
	}
	return nil
}

// Plan builds the day's feed orders for the given enclosures, sorted by due
// time and then by enclosure.
func (d Diets) Plan(day time.Time, encs []Enclosure, keeper string) []FeedOrder {
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, day.Location())
	var out []FeedOrder
	for _, e := range encs {
		diet, ok := d[e.Species]
		if !ok {
			continue
		}
		for _, at := range diet.FeedTimes {
			out = append(out, FeedOrder{
				Enclosure: e.ID,
				Food:      diet.Food,
				Grams:     diet.GramsPerHead * float64(e.Headcount),
				Due:       midnight.Add(at),
				Keeper:    keeper,
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Due.Equal(out[j].Due) {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].Enclosure < out[j].Enclosure
	})
	return out
}

func (d Diets) check(e Enclosure, o FeedOrder) error {
	diet := d[e.Species]
	switch {
	case o.Grams <= 0:
		return fmt.Errorf("%w: %s: %.0fg", ErrOrder, o.Enclosure, o.Grams)
	case o.Food != diet.Food:
		return fmt.Errorf("%w: %s eat %s, not %s", ErrOrder, e.Species, diet.Food, o.Food)
	case diet.MaxPerFeed > 0 && o.Grams > diet.MaxPerFeed:
		return fmt.Errorf("%w: %s: %.0fg exceeds %.0fg per feed", ErrOrder, o.Enclosure, o.Grams, diet.MaxPerFeed)
	}
	return nil
}
