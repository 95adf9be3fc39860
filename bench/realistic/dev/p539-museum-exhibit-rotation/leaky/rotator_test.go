package rotation

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCatalog struct {
	mu        sync.Mutex
	exhibits  map[ExhibitID]Exhibit
	galleries map[string]Gallery
}

func (c *memCatalog) Exhibit(_ context.Context, id ExhibitID) (Exhibit, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.exhibits[id]
	if !ok {
		return Exhibit{}, fmt.Errorf("no record %s", id)
	}
	return e, nil
}

func (c *memCatalog) Gallery(_ context.Context, name string) (Gallery, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.galleries[name]
	if !ok {
		return Gallery{}, fmt.Errorf("no gallery %s", name)
	}
	return g, nil
}

func (c *memCatalog) Relocate(_ context.Context, id ExhibitID, location string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.exhibits[id]
	if g, ok := c.galleries[e.Location]; ok {
		g.Occupied -= e.Slots
		c.galleries[g.Name] = g
	}
	if g, ok := c.galleries[location]; ok {
		g.Occupied += e.Slots
		c.galleries[g.Name] = g
	}
	e.Location = location
	c.exhibits[id] = e
	return nil
}

type handlers struct {
	mu  sync.Mutex
	log []string
}

func (h *handlers) work(ctx context.Context, what string) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	h.log = append(h.log, what)
	h.mu.Unlock()
	return nil
}

func (h *handlers) Deinstall(ctx context.Context, gallery string, e Exhibit) error {
	return h.work(ctx, "out "+string(e.ID))
}

func (h *handlers) Install(ctx context.Context, gallery string, e Exhibit) error {
	return h.work(ctx, "in "+string(e.ID))
}

func springCatalog() *memCatalog {
	ex := func(id ExhibitID, title string, slots int, loc string) Exhibit {
		return Exhibit{ID: id, Title: title, Slots: slots, Location: loc}
	}
	c := &memCatalog{
		exhibits: map[ExhibitID]Exhibit{
			"1921.4":   ex("1921.4", "Harbour at Dusk", 2, "East Wing"),
			"1933.12":  ex("1933.12", "Still Life with Quinces", 1, "East Wing"),
			"1958.2":   ex("1958.2", "Loom Study III", 3, "East Wing"),
			"2004.77":  ex("2004.77", "Salt Roads", 2, "storage"),
			"1890.3":   ex("1890.3", "Portrait of a Ferryman", 1, "storage"),
			"L2024.1":  ex("L2024.1", "Glass Reliquary", 1, "storage"),
			"1966.40":  ex("1966.40", "Kinetic Mobile", 2, "Atrium"),
			"2011.5":   ex("2011.5", "Cloud Chamber", 3, "storage"),
			"1899.101": ex("1899.101", "Bronze Hare", 1, "Atrium"),
		},
		galleries: map[string]Gallery{
			"East Wing": {Name: "East Wing", Slots: 6, Occupied: 6},
			"Atrium":    {Name: "Atrium", Slots: 4, Occupied: 3},
		},
	}
	loan := c.exhibits["L2024.1"]
	loan.OnLoan, loan.LoanEnds = true, time.Date(2031, 1, 31, 0, 0, 0, 0, time.UTC)
	c.exhibits["L2024.1"] = loan
	return c
}

func TestSpringRotation(t *testing.T) {
	defer goleak.VerifyNone(t)

	catalog := springCatalog()
	crew := &handlers{}
	r, err := New(Config{Catalog: catalog, Movers: crew, Crews: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	tooBig := Plan{Name: "draft", Swaps: []Swap{{Gallery: "Atrium", In: []ExhibitID{"2011.5"}}}}
	if _, err := r.Rotate(ctx, tooBig); !errors.Is(err, ErrPlan) {
		t.Fatalf("oversized plan: got %v, want ErrPlan", err)
	}

	plan := Plan{Name: "spring", Swaps: []Swap{
		{Gallery: "East Wing", Out: []ExhibitID{"1921.4", "1958.2"}, In: []ExhibitID{"2004.77", "1890.3", "L2024.1"}},
		{Gallery: "Atrium", Out: []ExhibitID{"1966.40", "1899.101"}, In: []ExhibitID{"2011.5"}},
	}}
	rep, err := r.Rotate(ctx, plan)
	if err != nil {
		t.Fatalf("rotate: %v", err)
	}
	wantOut := []ExhibitID{"1899.101", "1921.4", "1958.2", "1966.40"}
	wantIn := []ExhibitID{"1890.3", "2004.77", "2011.5", "L2024.1"}
	if !reflect.DeepEqual(rep.Deinstalled, wantOut) || !reflect.DeepEqual(rep.Installed, wantIn) {
		t.Fatalf("report out=%v in=%v", rep.Deinstalled, rep.Installed)
	}
	for name, want := range map[string]int{"East Wing": 5, "Atrium": 3} {
		if g, _ := catalog.Gallery(ctx, name); g.Occupied != want {
			t.Errorf("%s occupied %d, want %d", name, g.Occupied, want)
		}
	}
	if e, _ := catalog.Exhibit(ctx, "L2024.1"); e.Location != "East Wing" {
		t.Errorf("loan object is in %s", e.Location)
	}
}
