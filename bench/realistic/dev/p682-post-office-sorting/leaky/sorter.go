package sorting

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sorter resolves a batch of items concurrently and builds a manifest.
type Sorter struct {
	dir           Directory
	workers       int
	lookupTimeout time.Duration
	maxBagG       int
}

// SorterOption configures a Sorter.
type SorterOption func(*Sorter)

// Workers sets how many lookups run at once.
func Workers(n int) SorterOption {
	return func(s *Sorter) {
		if n > 0 {
			s.workers = n
		}
	}
}

// LookupTimeout bounds each directory call.
func LookupTimeout(d time.Duration) SorterOption { return func(s *Sorter) { s.lookupTimeout = d } }

// MaxBagWeight sets the weight at which a bag is closed and a new one
// started, in grams.
func MaxBagWeight(g int) SorterOption { return func(s *Sorter) { s.maxBagG = g } }

// NewSorter returns a Sorter that resolves postcodes through dir.
func NewSorter(dir Directory, opts ...SorterOption) *Sorter {
	s := &Sorter{dir: dir, workers: 4, lookupTimeout: 2 * time.Second, maxBagG: 11000}
	for _, o := range opts {
		o(s)
	}
	return s
}

// BatchError is returned when the directory fails for a reason other than
// an unknown postcode; the batch is sent back to intake and retried.
type BatchError struct {
	Barcode string
	Err     error
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("sorting: item %s: %v", e.Barcode, e.Err)
}

func (e *BatchError) Unwrap() error { return e.Err }

type routed struct {
	item  Item
	route Route
	err   error
}

// Sort resolves every item in batch and returns the manifest. Items with
// unreadable or unknown postcodes go to Manual. Any other directory error
// aborts the batch.
func (s *Sorter) Sort(ctx context.Context, batch []Item) (*Manifest, error) {
	jobs := make(chan Item, len(batch))
	for _, it := range batch {
		jobs <- it
	}
	close(jobs)

	results := make(chan routed)
	n := s.workers
	if n > len(batch) {
		n = len(batch)
	}
	for i := 0; i < n; i++ {
		go s.work(ctx, jobs, results)
	}

	m := newManifest()
	for range batch {
		r := <-results
		switch {
		case r.err == nil:
			m.add(r.route, r.item, s.maxBagG)
		case errors.Is(r.err, ErrUnknownPostcode):
			m.Manual = append(m.Manual, r.item)
		default:
			return nil, &BatchError{Barcode: r.item.Barcode, Err: r.err}
		}
	}
	m.finish()
	return m, nil
}

func (s *Sorter) work(ctx context.Context, jobs <-chan Item, results chan<- routed) {
	for it := range jobs {
		route, err := s.resolve(ctx, it)
		results <- routed{item: it, route: route, err: err} // leak: nobody receives after Sort returns early
	}
}

func (s *Sorter) resolve(ctx context.Context, it Item) (Route, error) {
	pc, err := NormalizePostcode(it.Postcode)
	if err != nil {
		return Route{}, fmt.Errorf("%w: %v", ErrUnknownPostcode, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.lookupTimeout)
	defer cancel()
	return s.dir.Lookup(ctx, pc)
}
