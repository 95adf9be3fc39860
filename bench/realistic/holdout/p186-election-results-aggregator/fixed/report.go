package tally

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ErrInvalidReport is wrapped by every ValidationError.
var ErrInvalidReport = errors.New("tally: invalid precinct report")

// PrecinctReport is one precinct's results, as uploaded by its presiding
// officer. A precinct may send amended reports; each carries a higher Seq
// and replaces the previous one entirely.
type PrecinctReport struct {
	PrecinctID string
	Seq        int
	Ballots    int
	// Votes maps contest to candidate to votes.
	Votes      map[string]map[string]int
	ReceivedAt time.Time
}

// Precinct is a precinct's registration record.
type Precinct struct {
	ID               string
	County           string
	RegisteredVoters int
	// Ballot maps each contest on the precinct's ballot to its candidates.
	Ballot map[string][]string
}

// ValidationError lists everything wrong with a report.
type ValidationError struct {
	PrecinctID string
	Problems   []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("tally: precinct %s: %s", e.PrecinctID, strings.Join(e.Problems, "; "))
}

// Unwrap lets callers test for ErrInvalidReport.
func (e *ValidationError) Unwrap() error { return ErrInvalidReport }

// validate checks a report against the precinct's registration record.
func validate(r PrecinctReport, p Precinct) error {
	var problems []string
	if r.Seq <= 0 {
		problems = append(problems, fmt.Sprintf("sequence number %d must be positive", r.Seq))
	}
	if r.Ballots < 0 {
		problems = append(problems, fmt.Sprintf("negative ballot count %d", r.Ballots))
	}
	if r.Ballots > p.RegisteredVoters {
		problems = append(problems, fmt.Sprintf("%d ballots exceed %d registered voters", r.Ballots, p.RegisteredVoters))
	}
	for contest, votes := range r.Votes {
		candidates, ok := p.Ballot[contest]
		if !ok {
			problems = append(problems, fmt.Sprintf("contest %q is not on this precinct's ballot", contest))
			continue
		}
		total := 0
		for cand, n := range votes {
			if !contains(candidates, cand) {
				problems = append(problems, fmt.Sprintf("%q is not a candidate in %q", cand, contest))
			}
			if n < 0 {
				problems = append(problems, fmt.Sprintf("negative votes for %q in %q", cand, contest))
			}
			total += n
		}
		if total > r.Ballots {
			problems = append(problems, fmt.Sprintf("%d votes in %q exceed %d ballots", total, contest, r.Ballots))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return &ValidationError{PrecinctID: r.PrecinctID, Problems: problems}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
