// Package adoption matches adopter profiles against the animals currently
// listed by a network of partner shelters.
package adoption

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrNoShelters is returned when the matcher has nothing to search.
var ErrNoShelters = errors.New("adoption: no shelters configured")

// ShelterClient fetches the current listings of one partner shelter.
type ShelterClient interface {
	ID() string
	Listings(ctx context.Context, species []string) ([]Animal, error)
}

// Config controls a Matcher.
type Config struct {
	SearchTimeout    time.Duration
	MaxResults       int
	MinScore         float64
	BreakerThreshold int
	BreakerCooldown  time.Duration
}

// Option customises a Matcher.
type Option func(*Matcher)

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(m *Matcher) { m.log = l } }

// WithClock replaces time.Now, used by the circuit breakers.
func WithClock(now func() time.Time) Option { return func(m *Matcher) { m.now = now } }

// Matcher is safe for concurrent use.
type Matcher struct {
	cfg      Config
	shelters []*shelterConn
	log      *log.Logger
	now      func() time.Time
}

type shelterConn struct {
	id      string
	client  ShelterClient
	breaker *breaker
}

// Result is the outcome of one search.
type Result struct {
	Matches     []Match
	Unavailable []string
	Partial     bool
}

type listingBatch struct {
	shelter string
	animals []Animal
	err     error
}

// New creates a Matcher over the given shelters.
func New(cfg Config, shelters []ShelterClient, opts ...Option) (*Matcher, error) {
	if len(shelters) == 0 {
		return nil, ErrNoShelters
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = 3 * time.Second
	}
	if cfg.MaxResults <= 0 {
		cfg.MaxResults = 10
	}
	if cfg.BreakerThreshold <= 0 {
		cfg.BreakerThreshold = 3
	}
	if cfg.BreakerCooldown <= 0 {
		cfg.BreakerCooldown = time.Minute
	}
	m := &Matcher{cfg: cfg, log: log.Default(), now: time.Now}
	for _, o := range opts {
		o(m)
	}
	seen := make(map[string]bool)
	for _, c := range shelters {
		if seen[c.ID()] {
			return nil, fmt.Errorf("adoption: duplicate shelter %q", c.ID())
		}
		seen[c.ID()] = true
		m.shelters = append(m.shelters, &shelterConn{
			id:      c.ID(),
			client:  c,
			breaker: newBreaker(cfg.BreakerThreshold, cfg.BreakerCooldown),
		})
	}
	return m, nil
}

// FindMatches searches every reachable shelter and ranks the animals that
// fit the adopter's profile. When the search timeout expires before every
// shelter has answered, the matches found so far are returned with Partial set.
func (m *Matcher) FindMatches(ctx context.Context, p Profile) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	searchCtx, cancel := context.WithTimeout(ctx, m.cfg.SearchTimeout)
	defer cancel()

	var res Result
	seen := make(map[string]bool)
	batches := m.collect(searchCtx, p.Species)
	for {
		select {
		case b, ok := <-batches:
			if !ok {
				res.Matches = m.rank(res.Matches)
				return res, nil
			}
			if b.err != nil {
				m.log.Printf("adoption: shelter %s: %v", b.shelter, b.err)
				res.Unavailable = append(res.Unavailable, b.shelter)
				continue
			}
			for _, a := range b.animals {
				key := a.dedupKey()
				if seen[key] {
					continue
				}
				seen[key] = true
				if mt, ok := score(p, a); ok && mt.Score >= m.cfg.MinScore {
					res.Matches = append(res.Matches, mt)
				}
			}
		case <-searchCtx.Done():
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
			m.log.Printf("adoption: search for %s timed out, returning partial results", p.AdopterID)
			res.Partial = true
			res.Matches = m.rank(res.Matches)
			return res, nil
		}
	}
}

func (m *Matcher) collect(ctx context.Context, species []string) <-chan listingBatch {
	out := make(chan listingBatch, len(m.shelters))
	var wg sync.WaitGroup
	for _, sh := range m.shelters {
		if !sh.breaker.allow(m.now()) {
			m.log.Printf("adoption: skipping shelter %s, circuit open", sh.id)
			continue
		}
		wg.Add(1)
		go func(sh *shelterConn) {
			defer wg.Done()
			animals, err := sh.client.Listings(ctx, species)
			sh.breaker.record(err == nil, m.now())
			out <- listingBatch{shelter: sh.id, animals: animals, err: err}
		}(sh)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func (m *Matcher) rank(ms []Match) []Match {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].Animal.ID < ms[j].Animal.ID
	})
	if len(ms) > m.cfg.MaxResults {
		ms = ms[:m.cfg.MaxResults]
	}
	return ms
}
