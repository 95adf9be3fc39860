package adoption

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeShelter struct {
	id      string
	animals []Animal
	err     error

	mu    sync.Mutex
	calls int
}

func (f *fakeShelter) ID() string { return f.id }

func (f *fakeShelter) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeShelter) Listings(ctx context.Context, species []string) ([]Animal, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(2 * time.Millisecond):
	}
	if f.err != nil {
		return nil, f.err
	}
	var out []Animal
	for _, a := range f.animals {
		for _, s := range species {
			if a.Species == s {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func TestWeekendAdoptionEventSearches(t *testing.T) {
	defer goleak.VerifyNone(t)

	northside := &fakeShelter{id: "northside", animals: []Animal{
		{ID: "n1", ShelterID: "northside", ChipID: "985112000001", Name: "Biscuit", Species: "dog", AgeMonths: 30, Size: Medium, Energy: 3, GoodWithKids: true, GoodWithCats: true},
		{ID: "n2", ShelterID: "northside", Name: "Tank", Species: "dog", AgeMonths: 60, Size: Large, Energy: 5, GoodWithKids: false},
		{ID: "n3", ShelterID: "northside", Name: "Miso", Species: "cat", AgeMonths: 14, Size: Small, Energy: 2, GoodWithKids: true, GoodWithCats: true},
	}}
	harbor := &fakeShelter{id: "harbor-rescue", animals: []Animal{
		{ID: "h7", ShelterID: "harbor-rescue", ChipID: "985112000001", Name: "Biscuit", Species: "dog", AgeMonths: 30, Size: Medium, Energy: 3, GoodWithKids: true, GoodWithCats: true},
		{ID: "h8", ShelterID: "harbor-rescue", Name: "Pip", Species: "dog", AgeMonths: 8, Size: Small, Energy: 4, GoodWithKids: true, GoodWithCats: true},
	}}
	riverside := &fakeShelter{id: "riverside", err: errors.New("503 service unavailable")}

	m, err := New(Config{
		SearchTimeout:    300 * time.Millisecond,
		MaxResults:       5,
		MinScore:         0.4,
		BreakerThreshold: 2,
		BreakerCooldown:  10 * time.Minute,
	}, []ShelterClient{northside, harbor, riverside}, WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	family := Profile{AdopterID: "fam-ortiz", Species: []string{"dog"}, HasKids: true, HasCats: true, ActivityLevel: 3}
	single := Profile{AdopterID: "j-lee", Species: []string{"dog", "cat"}, Apartment: true, ActivityLevel: 2}
	retiree := Profile{AdopterID: "r-okafor", Species: []string{"cat"}, ActivityLevel: 1, AcceptsSpecialNeeds: true}

	ctx := context.Background()
	for _, p := range []Profile{family, single, retiree} {
		res, err := m.FindMatches(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p.AdopterID, err)
		}
		if len(res.Matches) == 0 {
			t.Fatalf("%s: no matches", p.AdopterID)
		}
		t.Logf("%s: %d matches, unavailable=%v partial=%v", p.AdopterID, len(res.Matches), res.Unavailable, res.Partial)
		if p.AdopterID == family.AdopterID {
			if len(res.Matches) != 2 || res.Matches[0].Animal.Name != "Biscuit" {
				t.Fatalf("family matches = %+v", res.Matches)
			}
		}
	}
	if n := riverside.callCount(); n != 2 {
		t.Fatalf("riverside called %d times, want 2 before the breaker opens", n)
	}
}
