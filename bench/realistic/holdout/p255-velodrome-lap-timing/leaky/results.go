package laptiming

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Standing is one line of the final classification.
type Standing struct {
	Place   int
	Bib     string
	Laps    int
	Elapsed time.Duration
	Best    time.Duration
	Gap     time.Duration
}

// Results is the classification of a finished session.
type Results struct {
	Standings []Standing
	DNF       []DNF
}

// Finish closes the session, lets every rider's counter drain, and returns
// the classification: most laps first, then lowest elapsed time.
func (s *Session) Finish(ctx context.Context) (Results, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Results{}, ErrClosed
	}
	s.closed = true
	riders := make([]*rider, 0, len(s.riders))
	for _, r := range s.riders {
		close(r.passings)
		riders = append(riders, r)
	}
	dnf := make([]DNF, 0, len(s.dnf))
	for _, d := range s.dnf {
		dnf = append(dnf, d)
	}
	s.mu.Unlock()
	defer s.end()

	for _, r := range riders {
		select {
		case <-r.done:
		case <-ctx.Done():
			return Results{}, fmt.Errorf("laptiming: waiting for %s: %w", r.bib, ctx.Err())
		}
	}

	res := Results{DNF: dnf}
	for _, r := range riders {
		laps, elapsed, best := r.completed()
		res.Standings = append(res.Standings, Standing{Bib: r.bib, Laps: laps, Elapsed: elapsed, Best: best})
	}
	sort.Slice(res.Standings, func(i, j int) bool {
		a, b := res.Standings[i], res.Standings[j]
		if a.Laps != b.Laps {
			return a.Laps > b.Laps
		}
		if a.Elapsed != b.Elapsed {
			return a.Elapsed < b.Elapsed
		}
		return a.Bib < b.Bib
	})
	for i := range res.Standings {
		res.Standings[i].Place = i + 1
		if i > 0 && res.Standings[i].Laps == res.Standings[0].Laps {
			res.Standings[i].Gap = res.Standings[i].Elapsed - res.Standings[0].Elapsed
		}
	}
	sort.Slice(res.DNF, func(i, j int) bool {
		if res.DNF[i].Laps != res.DNF[j].Laps {
			return res.DNF[i].Laps > res.DNF[j].Laps
		}
		return res.DNF[i].Bib < res.DNF[j].Bib
	})
	return res, nil
}
