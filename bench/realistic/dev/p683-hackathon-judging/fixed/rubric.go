// Package judging collects judges' ballots during a hackathon and keeps a
// live leaderboard that is pushed to the venue screens.
package judging

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Criterion is one axis of the judging rubric.
type Criterion string

// Standard criteria.
const (
	Innovation Criterion = "innovation"
	Execution  Criterion = "execution"
	Design     Criterion = "design"
	Impact     Criterion = "impact"
)

// Rubric maps each criterion to its weight. Weights need not sum to one;
// they are normalised when a ballot is scored.
type Rubric map[Criterion]float64

// DefaultRubric weights execution slightly above the others.
func DefaultRubric() Rubric {
	return Rubric{Innovation: 1, Execution: 1.5, Design: 1, Impact: 1}
}

// Ballot is one judge's marks for one team, 1 to 10 per criterion.
type Ballot struct {
	Judge string
	Team  string
	Marks map[Criterion]int
}

// Errors reported by the board.
var (
	ErrNoBallots = errors.New("judging: no ballots recorded yet")
	ErrClosed    = errors.New("judging: board closed")
	ErrRecused   = errors.New("judging: judge is recused from this team")
)

// BallotError describes a malformed ballot.
type BallotError struct {
	Judge, Team string
	Reason      string
}

func (e *BallotError) Error() string {
	return fmt.Sprintf("judging: ballot from %s for %s: %s", e.Judge, e.Team, e.Reason)
}

// Score returns the weighted mean mark of b on a 0..10 scale.
func (r Rubric) Score(b Ballot) (float64, error) {
	if b.Judge == "" || b.Team == "" {
		return 0, &BallotError{b.Judge, b.Team, "judge and team are required"}
	}
	var sum, weight float64
	for c, w := range r {
		m, ok := b.Marks[c]
		if !ok {
			return 0, &BallotError{b.Judge, b.Team, fmt.Sprintf("missing %s", c)}
		}
		if m < 1 || m > 10 {
			return 0, &BallotError{b.Judge, b.Team, fmt.Sprintf("%s mark %d out of range", c, m)}
		}
		sum += float64(m) * w
		weight += w
	}
	for c := range b.Marks {
		if _, ok := r[c]; !ok {
			return 0, &BallotError{b.Judge, b.Team, fmt.Sprintf("unknown criterion %s", c)}
		}
	}
	if weight == 0 {
		return 0, errors.New("judging: rubric has no weight")
	}
	return math.Round(sum/weight*100) / 100, nil
}

// Standing is a team's position on the leaderboard.
type Standing struct {
	Rank    int
	Team    string
	Mean    float64
	Ballots int
}

// tally holds every judge's latest score for a team; a judge who
// resubmits replaces their earlier ballot.
type tally map[string]float64

func (t tally) mean() float64 {
	var s float64
	for _, v := range t {
		s += v
	}
	return math.Round(s/float64(len(t))*100) / 100
}

// rank orders teams by mean score, then by number of ballots, then by name,
// and assigns shared ranks to exact ties.
func rank(teams map[string]tally) []Standing {
	out := make([]Standing, 0, len(teams))
	for name, t := range teams {
		out = append(out, Standing{Team: name, Mean: t.mean(), Ballots: len(t)})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Mean != b.Mean {
			return a.Mean > b.Mean
		}
		if a.Ballots != b.Ballots {
			return a.Ballots > b.Ballots
		}
		return a.Team < b.Team
	})
	for i := range out {
		if i > 0 && out[i].Mean == out[i-1].Mean && out[i].Ballots == out[i-1].Ballots {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
