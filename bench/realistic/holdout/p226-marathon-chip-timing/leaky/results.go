package chiptiming

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	errDuplicateMat = errors.New("chiptiming: mat already recorded for runner")
	errOutOfOrder   = errors.New("chiptiming: mat read out of course order")
)

// Runner is an entrant with an assigned chip.
type Runner struct {
	Bib  int
	Chip string
	Name string
}

// Split is a runner's time at one mat.
type Split struct {
	Bib      int
	Name     string
	Mat      string
	At       time.Time
	GunTime  time.Duration
	ChipTime time.Duration
}

type progress struct {
	runner Runner
	next   int // index into the course of the next expected mat
	start  time.Time
	splits []Split
	missed []string
}

// Results accumulates splits for a race.
type Results struct {
	course  []string
	byBib   map[int]*progress
	done    int
	Unknown int
	Ignored int
}

func newResults(course []string) *Results {
	return &Results{course: course, byBib: make(map[int]*progress)}
}

func (r *Results) matIndex(mat string) int {
	for i, m := range r.course {
		if m == mat {
			return i
		}
	}
	return -1
}

// record adds a read for a runner and returns the resulting split.
func (r *Results) record(rn Runner, rd ChipRead, gun time.Time) (Split, error) {
	idx := r.matIndex(rd.Mat)
	if idx < 0 {
		return Split{}, fmt.Errorf("chiptiming: unknown mat %q", rd.Mat)
	}
	p := r.byBib[rn.Bib]
	if p == nil {
		p = &progress{runner: rn}
		r.byBib[rn.Bib] = p
	}
	switch {
	case idx < p.next-1:
		return Split{}, errOutOfOrder
	case idx == p.next-1:
		return Split{}, errDuplicateMat
	}
	for _, skipped := range r.course[p.next:idx] {
		p.missed = append(p.missed, skipped)
	}
	p.next = idx + 1
	if idx == 0 {
		p.start = rd.At
	}
	s := Split{Bib: rn.Bib, Name: rn.Name, Mat: rd.Mat, At: rd.At, GunTime: rd.At.Sub(gun)}
	s.ChipTime = s.GunTime
	if !p.start.IsZero() {
		s.ChipTime = rd.At.Sub(p.start)
	}
	p.splits = append(p.splits, s)
	if idx == len(r.course)-1 {
		r.done++
	}
	return s, nil
}

// Finishers reports how many runners crossed the finish mat.
func (r *Results) Finishers() int { return r.done }

// Placing is a finisher's line in the results table.
type Placing struct {
	Place    int
	Bib      int
	Name     string
	ChipTime time.Duration
	Review   bool // missed an intermediate mat
}

// Standings ranks finishers by chip time.
func (r *Results) Standings() []Placing {
	var out []Placing
	for _, p := range r.byBib {
		if p.next != len(r.course) {
			continue
		}
		last := p.splits[len(p.splits)-1]
		out = append(out, Placing{Bib: p.runner.Bib, Name: p.runner.Name, ChipTime: last.ChipTime, Review: len(p.missed) > 0})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ChipTime != out[j].ChipTime {
			return out[i].ChipTime < out[j].ChipTime
		}
		return out[i].Bib < out[j].Bib
	})
	for i := range out {
		out[i].Place = i + 1
	}
	return out
}
