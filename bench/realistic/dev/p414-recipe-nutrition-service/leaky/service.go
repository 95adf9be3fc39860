package nutrition

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Provider is an ingredient data source.
type Provider interface {
	Name() string
	// Supports reports whether the provider has data for a category.
	Supports(c Category) bool
	// Lookup returns facts per 100 g. It returns an error wrapping
	// ErrNotFound when the provider does not know the ingredient.
	Lookup(ctx context.Context, name string) (Facts, error)
}

// Clock is the source of time for cache expiry.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Config configures a Service.
type Config struct {
	// Providers in order of preference: when answers must be merged,
	// earlier providers win.
	Providers []Provider
	// ProviderTimeout bounds one ingredient lookup across all providers.
	ProviderTimeout time.Duration
	// TTL is how long facts are cached.
	TTL   time.Duration
	Clock Clock
}

// Service answers nutrition queries.
type Service struct {
	cfg   Config
	cache *cache
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if len(cfg.Providers) == 0 {
		return nil, errors.New("nutrition: no providers configured")
	}
	if cfg.ProviderTimeout <= 0 {
		cfg.ProviderTimeout = 3 * time.Second
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 24 * time.Hour
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	return &Service{cfg: cfg, cache: newCache(cfg.Clock, cfg.TTL)}, nil
}

// RecipeSummary returns the nutrition facts of one serving of r.
func (s *Service) RecipeSummary(ctx context.Context, r Recipe) (Summary, error) {
	if err := r.validate(); err != nil {
		return Summary{}, err
	}
	var total Facts
	var partial []string
	for _, l := range r.Lines {
		f, err := s.IngredientFacts(ctx, l.Ingredient)
		if err != nil {
			return Summary{}, fmt.Errorf("recipe %q: %w", r.Name, err)
		}
		if !f.Complete() {
			partial = append(partial, l.Ingredient.Name)
		}
		total.add(f.scaled(l.Grams))
	}
	per := total.scaled(100 / float64(r.Servings))
	per.Source = ""
	return Summary{Recipe: r.Name, PerServing: per, Partial: partial}, nil
}

// IngredientFacts returns facts per 100 g of ing, from the cache if possible.
func (s *Service) IngredientFacts(ctx context.Context, ing Ingredient) (Facts, error) {
	key := ing.key()
	if f, ok := s.cache.get(key); ok {
		return f, nil
	}
	f, err := s.fetch(ctx, ing)
	if err != nil {
		return Facts{}, err
	}
	s.cache.put(key, f)
	return f, nil
}

type providerResult struct {
	rank  int
	name  string
	facts Facts
	err   error
}

// fetch asks every provider that covers ing's category at once. The first
// complete answer wins; otherwise partial answers are merged by preference
// once all providers have answered or the timeout expires.
func (s *Service) fetch(ctx context.Context, ing Ingredient) (Facts, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ProviderTimeout)
	defer cancel()

	results := make(chan providerResult, len(s.cfg.Providers))
	var wg sync.WaitGroup
	wg.Add(len(s.cfg.Providers))
	for i, p := range s.cfg.Providers {
		if !p.Supports(ing.Category) {
			continue
		}
		go func(rank int, p Provider) {
			defer wg.Done()
			f, err := p.Lookup(ctx, ing.Name)
			results <- providerResult{rank: rank, name: p.Name(), facts: f, err: err}
		}(i, p)
	}
	go func() {
		wg.Wait() // leak: Add counted providers that were skipped for the category
		close(results)
	}()
	return collect(ctx, ing, results)
}

func collect(ctx context.Context, ing Ingredient, results <-chan providerResult) (Facts, error) {
	var (
		partial  []providerResult
		failures []string
		notFound = true
	)
	merge := func() Facts {
		best := partial[0]
		for _, r := range partial[1:] {
			if r.rank < best.rank {
				best = r
			}
		}
		f := best.facts
		for _, r := range partial {
			f = f.fill(r.facts)
		}
		return f
	}
	for {
		select {
		case r, ok := <-results:
			if !ok {
				switch {
				case len(partial) > 0:
					return merge(), nil
				case len(failures) == 0:
					return Facts{}, fmt.Errorf("%s (%s): %w", ing.Name, ing.Category, ErrNoProviders)
				case notFound:
					return Facts{}, fmt.Errorf("%s: %w", ing.Name, ErrNotFound)
				default:
					return Facts{}, fmt.Errorf("look up %s: %s", ing.Name, strings.Join(failures, "; "))
				}
			}
			if r.err != nil {
				notFound = notFound && errors.Is(r.err, ErrNotFound)
				failures = append(failures, fmt.Sprintf("%s: %v", r.name, r.err))
				continue
			}
			if r.facts.Source == "" {
				r.facts.Source = r.name
			}
			if r.facts.Complete() {
				return r.facts, nil
			}
			partial = append(partial, r)
		case <-ctx.Done():
			if len(partial) > 0 {
				return merge(), nil
			}
			return Facts{}, fmt.Errorf("look up %s: %w", ing.Name, ctx.Err())
		}
	}
}
