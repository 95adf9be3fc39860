package adoption

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeShelter struct {
	name string
	dogs []Dog
	err  error
	// slow shelters answer only once the request is abandoned.
	slow bool
}

func (f *fakeShelter) Name() string { return f.name }

func (f *fakeShelter) Available(ctx context.Context, q Query) ([]Dog, error) {
	if f.slow {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return f.dogs, f.err
}

func testApp() Application {
	return Application{
		ID:              "app-1",
		Applicant:       "Dana Reyes",
		Email:           "dana@example.org",
		HasKids:         true,
		MaxSize:         SizeMedium,
		PreferredBreeds: []string{"beagle"},
	}
}

func TestMatchRanksAcrossShelters(t *testing.T) {
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	shelters := []Shelter{
		&fakeShelter{name: "north", dogs: []Dog{
			{ID: "n1", Name: "Biscuit", Breed: "Beagle", Size: SizeSmall, GoodWithKids: true, Listed: now.AddDate(0, 0, -30)},
			{ID: "n2", Name: "Tank", Breed: "Mastiff", Size: SizeLarge, GoodWithKids: true},
		}},
		&fakeShelter{name: "south", dogs: []Dog{
			{ID: "s1", Name: "Pepper", Breed: "Terrier", Size: SizeMedium, GoodWithKids: true},
			{ID: "s2", Name: "Shadow", Breed: "Collie", Size: SizeMedium, GoodWithKids: false},
		}},
		&fakeShelter{name: "east", err: errors.New("503 service unavailable")},
	}
	m := NewMatcher(shelters, WithClock(func() time.Time { return now }))
	res, err := m.Match(context.Background(), testApp())
	if err != nil {
		t.Fatalf("Match: %v", err)
	}
	if len(res.Candidates) != 2 || res.Candidates[0].Dog.ID != "n1" || res.Candidates[1].Dog.ID != "s1" {
		t.Fatalf("unexpected candidates: %+v", res.Candidates)
	}
	if len(res.Unavailable) != 1 || res.Unavailable[0] != "east" {
		t.Fatalf("unexpected unavailable: %v", res.Unavailable)
	}
}

func TestMatchRejectsFlaggedApplicant(t *testing.T) {
	defer goleak.VerifyNone(t)

	shelters := []Shelter{
		&fakeShelter{name: "north", slow: true},
		&fakeShelter{name: "west", err: ErrApplicantFlagged},
		&fakeShelter{name: "south", slow: true},
	}
	m := NewMatcher(shelters, WithTimeout(2*time.Second))
	_, err := m.Match(context.Background(), testApp())
	var se *ShelterError
	if !errors.As(err, &se) || se.Shelter != "west" || !errors.Is(err, ErrApplicantFlagged) {
		t.Fatalf("Match error = %v, want flagged by west", err)
	}
}
