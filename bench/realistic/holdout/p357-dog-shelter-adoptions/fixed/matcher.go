package adoption

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"
)

// Candidate is a dog proposed to an applicant, with its match score.
type Candidate struct {
	Dog   Dog
	Score float64
}

// Result is the outcome of matching one application.
type Result struct {
	Application string
	Candidates  []Candidate
	// Unavailable lists shelters that could not be queried.
	Unavailable []string
}

// Option configures a Matcher.
type Option func(*Matcher)

// WithTimeout bounds how long a match waits for the shelters.
func WithTimeout(d time.Duration) Option {
	return func(m *Matcher) { m.timeout = d }
}

// WithLimit caps the number of candidates returned.
func WithLimit(n int) Option {
	return func(m *Matcher) { m.limit = n }
}

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option {
	return func(m *Matcher) { m.now = now }
}

// Matcher queries every partner shelter and ranks the dogs they list.
type Matcher struct {
	shelters []Shelter
	timeout  time.Duration
	limit    int
	now      func() time.Time
}

// NewMatcher returns a Matcher over the given shelters.
func NewMatcher(shelters []Shelter, opts ...Option) *Matcher {
	m := &Matcher{
		shelters: shelters,
		timeout:  5 * time.Second,
		limit:    10,
		now:      time.Now,
	}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

type listing struct {
	shelter string
	dogs    []Dog
	err     error
}

// Match queries all shelters concurrently and returns the best candidates
// for the application. Shelters that fail are reported in
// Result.Unavailable, except when a shelter flags the applicant, which
// rejects the application.
func (m *Matcher) Match(ctx context.Context, app Application) (*Result, error) {
	if err := app.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()

	q := QueryFor(app)
	listings := make(chan listing, len(m.shelters))
	for _, s := range m.shelters {
		go func(s Shelter) {
			dogs, err := s.Available(ctx, q)
			listings <- listing{shelter: s.Name(), dogs: dogs, err: err}
		}(s)
	}

	res := &Result{Application: app.ID}
	var pool []Dog
	for range m.shelters {
		l := <-listings
		if l.err != nil {
			if errors.Is(l.err, ErrApplicantFlagged) {
				return nil, &ShelterError{Shelter: l.shelter, Err: l.err}
			}
			res.Unavailable = append(res.Unavailable, l.shelter)
			continue
		}
		for _, d := range l.dogs {
			if d.Shelter == "" {
				d.Shelter = l.shelter
			}
			pool = append(pool, d)
		}
	}
	sort.Strings(res.Unavailable)

	res.Candidates = m.rank(app, pool)
	if len(res.Candidates) == 0 {
		return res, ErrNoMatches
	}
	return res, nil
}

// rank filters out unsuitable dogs and orders the rest by score.
func (m *Matcher) rank(app Application, dogs []Dog) []Candidate {
	now := m.now()
	out := make([]Candidate, 0, len(dogs))
	for _, d := range dogs {
		if !suitable(app, d) {
			continue
		}
		out = append(out, Candidate{Dog: d, Score: score(app, d, now)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Dog.ID < out[j].Dog.ID
	})
	if m.limit > 0 && len(out) > m.limit {
		out = out[:m.limit]
	}
	return out
}

func suitable(app Application, d Dog) bool {
	if d.Size > app.MaxSize {
		return false
	}
	if app.HasKids && !d.GoodWithKids {
		return false
	}
	if app.HasCats && !d.GoodWithCats {
		return false
	}
	if d.AgeMonths < app.MinAgeMonths {
		return false
	}
	if app.MaxAgeMonths > 0 && d.AgeMonths > app.MaxAgeMonths {
		return false
	}
	return true
}

// score favours preferred breeds and dogs that have waited longest.
func score(app Application, d Dog, now time.Time) float64 {
	s := 1.0
	for _, b := range app.PreferredBreeds {
		if strings.EqualFold(b, d.Breed) {
			s += 2
			break
		}
	}
	if !d.Listed.IsZero() {
		weeks := now.Sub(d.Listed).Hours() / (24 * 7)
		if weeks > 0 {
			s += weeks / 10
		}
	}
	return s
}
