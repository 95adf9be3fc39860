package nutrition

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fakeProvider struct {
	name       string
	categories []Category
	data       map[string]Facts

	mu    sync.Mutex
	calls int
}

func (p *fakeProvider) Name() string { return p.name }

func (p *fakeProvider) Supports(c Category) bool {
	for _, x := range p.categories {
		if x == c {
			return true
		}
	}
	return false
}

func (p *fakeProvider) Lookup(ctx context.Context, name string) (Facts, error) {
	p.mu.Lock()
	p.calls++
	p.mu.Unlock()
	f, ok := p.data[name]
	if !ok {
		return Facts{}, fmt.Errorf("%s: %q: %w", p.name, name, ErrNotFound)
	}
	return f, nil
}

func (p *fakeProvider) callCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

func TestRecipeSummaryWithSpice(t *testing.T) {
	defer goleak.VerifyNone(t)

	chickpeas := Facts{EnergyKcal: 139, ProteinG: 7.1, FatG: 2.2, CarbsG: 22.5, FiberG: 7.6, SodiumMg: 5}
	cumin := Facts{EnergyKcal: 375, ProteinG: 17.8, FatG: 22.3, CarbsG: 44.2, FiberG: 10.5, SodiumMg: 168}
	reference := &fakeProvider{
		name:       "fooddb",
		categories: []Category{Produce, Grain, Spice, Dairy, Meat},
		data:       map[string]Facts{"chickpeas": chickpeas, "cumin": cumin},
	}
	branded := &fakeProvider{
		name:       "catalogue",
		categories: []Category{Packaged, Produce, Grain},
		data:       map[string]Facts{},
	}
	clock := &fakeClock{t: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	svc, err := New(Config{Providers: []Provider{reference, branded}, TTL: time.Hour, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}

	recipe := Recipe{Name: "spiced chickpeas", Servings: 2, Lines: []Line{
		{Ingredient: Ingredient{Name: "chickpeas", Category: Produce}, Grams: 400},
		{Ingredient: Ingredient{Name: "cumin", Category: Spice}, Grams: 4},
	}}
	ctx := context.Background()
	sum, err := svc.RecipeSummary(ctx, recipe)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sum.PerServing.EnergyKcal, (139*4+375*0.04)/2; math.Abs(got-want) > 1e-9 {
		t.Fatalf("energy per serving = %v, want %v", got, want)
	}
	if len(sum.Partial) != 0 {
		t.Fatalf("unexpected partial ingredients %v", sum.Partial)
	}

	clock.advance(30 * time.Minute)
	if _, err := svc.RecipeSummary(ctx, recipe); err != nil {
		t.Fatal(err)
	}
	if n := reference.callCount(); n != 2 {
		t.Fatalf("reference provider called %d times, want 2 (second summary should be cached)", n)
	}
}
