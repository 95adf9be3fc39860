package aggregator

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Supplier is a connection to one hotel wholesaler or channel manager.
type Supplier interface {
	Name() string
	Search(ctx context.Context, q Query) ([]Offer, error)
}

// Breaker decides whether a supplier may be called and records outcomes.
type Breaker interface {
	Allow(supplier string) bool
	Record(supplier string, err error)
}

// noBreaker always allows calls.
type noBreaker struct{}

func (noBreaker) Allow(string) bool    { return true }
func (noBreaker) Record(string, error) {}

// ErrNoSuppliers is returned when no supplier could be queried.
var ErrNoSuppliers = errors.New("aggregator: no suppliers available")

// Config configures an Aggregator.
type Config struct {
	Suppliers []Supplier
	// Timeout is the overall search deadline. Offers from suppliers that
	// have not answered by then are left out.
	Timeout time.Duration
	// Breaker guards unhealthy suppliers. Optional.
	Breaker Breaker
	// Preference ranks suppliers for tie-breaking, most preferred first.
	Preference []string
}

// Result is the outcome of a search.
type Result struct {
	Offers []Offer
	// Answered lists suppliers whose response was used.
	Answered []string
	// Failed maps suppliers that returned an error to that error.
	Failed map[string]error
	// Skipped lists suppliers not called because their breaker was open.
	Skipped []string
	// Partial is set when the deadline expired before every call returned.
	Partial bool
}

// Aggregator fans a query out to suppliers and merges the answers.
type Aggregator struct {
	suppliers []Supplier
	timeout   time.Duration
	breaker   Breaker
	rank      map[string]int
}

// New returns an Aggregator for cfg.
func New(cfg Config) (*Aggregator, error) {
	if len(cfg.Suppliers) == 0 {
		return nil, ErrNoSuppliers
	}
	a := &Aggregator{
		suppliers: cfg.Suppliers,
		timeout:   cfg.Timeout,
		breaker:   cfg.Breaker,
		rank:      make(map[string]int, len(cfg.Preference)),
	}
	if a.timeout <= 0 {
		a.timeout = 3 * time.Second
	}
	if a.breaker == nil {
		a.breaker = noBreaker{}
	}
	for i, name := range cfg.Preference {
		a.rank[name] = i
	}
	return a, nil
}

type supplierResult struct {
	supplier string
	offers   []Offer
	err      error
}

// Search queries every available supplier concurrently and returns the
// merged offers received before the deadline.
func (a *Aggregator) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()

	results := make(chan supplierResult, len(a.suppliers))
	res := &Result{Failed: make(map[string]error)}

	var wg sync.WaitGroup
	for _, s := range a.suppliers {
		if !a.breaker.Allow(s.Name()) {
			res.Skipped = append(res.Skipped, s.Name())
			continue
		}
		wg.Add(1)
		go func(s Supplier) {
			defer wg.Done()
			offers, err := s.Search(ctx, q)
			a.breaker.Record(s.Name(), err)
			results <- supplierResult{supplier: s.Name(), offers: offers, err: err}
		}(s)
	}
	if len(res.Skipped) == len(a.suppliers) {
		return nil, fmt.Errorf("search: %w", ErrNoSuppliers)
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var all []Offer
collect:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break collect
			}
			if r.err != nil {
				res.Failed[r.supplier] = fmt.Errorf("supplier %s: %w", r.supplier, r.err)
				continue
			}
			res.Answered = append(res.Answered, r.supplier)
			all = append(all, r.offers...)
		case <-ctx.Done():
			res.Partial = true
			break collect
		}
	}

	res.Offers = Merge(all, a.rank)
	if len(res.Answered) == 0 {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("search: no supplier answered: %w", err)
		}
		return res, fmt.Errorf("search: every supplier failed: %w", ErrNoSuppliers)
	}
	return res, nil
}
