package pairing

import (
	"context"
	"fmt"
	"log"
	"sort"
)

// Store loads tournament data. The production implementation talks to the
// federation's results database.
type Store interface {
	Sections(ctx context.Context, tournament string) ([]string, error)
	Standings(ctx context.Context, tournament, section string, round int) ([]Player, error)
}

// Round is the pairing of one section for one round.
type Round struct {
	Section string
	Number  int
	Boards  []Board
	Bye     string
}

// Director pairs every section of a tournament for the next round.
type Director struct {
	store  Store
	logger *log.Logger
	pair   func([]Player) ([]Board, string, error)
}

// DirectorOption configures a Director.
type DirectorOption func(*Director)

// WithLogger sets where the director logs pairing decisions.
func WithLogger(l *log.Logger) DirectorOption { return func(d *Director) { d.logger = l } }

// WithPairingSystem replaces the default Swiss pairing function, for
// example with an accelerated variant for large opens.
func WithPairingSystem(f func([]Player) ([]Board, string, error)) DirectorOption {
	return func(d *Director) { d.pair = f }
}

// NewDirector returns a Director reading from store.
func NewDirector(store Store, opts ...DirectorOption) *Director {
	d := &Director{store: store, pair: Swiss}
	for _, o := range opts {
		o(d)
	}
	return d
}

type sectionResult struct {
	round Round
	err   error
}

// PairRound pairs all sections of the tournament for the given round. The
// sections are independent, so their standings are loaded and paired
// concurrently. If any section cannot be paired, the round is not
// published and the error names the section.
func (d *Director) PairRound(ctx context.Context, tournament string, round int) ([]Round, error) {
	sections, err := d.store.Sections(ctx, tournament)
	if err != nil {
		return nil, fmt.Errorf("pairing: list sections of %s: %w", tournament, err)
	}
	if len(sections) == 0 {
		return nil, fmt.Errorf("pairing: tournament %s has no sections", tournament)
	}

	results := make(chan sectionResult, len(sections))
	for _, sec := range sections {
		go func(sec string) {
			r, err := d.pairSection(ctx, tournament, sec, round)
			results <- sectionResult{round: r, err: err}
		}(sec)
	}

	rounds := make([]Round, 0, len(sections))
	for range sections {
		res := <-results
		if res.err != nil {
			return nil, res.err
		}
		rounds = append(rounds, res.round)
	}
	sort.Slice(rounds, func(i, j int) bool { return rounds[i].Section < rounds[j].Section })
	return rounds, nil
}

func (d *Director) pairSection(ctx context.Context, tournament, section string, round int) (Round, error) {
	players, err := d.store.Standings(ctx, tournament, section, round)
	if err != nil {
		return Round{}, fmt.Errorf("pairing: standings of %s: %w", section, err)
	}
	boards, bye, err := d.pair(players)
	if err != nil {
		return Round{}, fmt.Errorf("pairing: section %s round %d: %w", section, round, err)
	}
	d.logf("%s round %d: %d boards, bye %q", section, round, len(boards), bye)
	return Round{Section: section, Number: round, Boards: boards, Bye: bye}, nil
}

func (d *Director) logf(format string, args ...any) {
	if d.logger != nil {
		d.logger.Printf(format, args...)
	}
}
