package triage

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Adjuster is a claims adjuster as known to the staff directory.
type Adjuster struct {
	ID          string
	Lines       []Line
	States      []string // jurisdictions the adjuster is licensed in
	MaxSeverity Severity // highest severity the adjuster may handle
	Capacity    int      // maximum number of open claims
	OpenClaims  int      // open claims as reported by the directory
}

// licensedFor reports whether the adjuster may work the claim at all.
func (a *Adjuster) licensedFor(c Claim, sev Severity) bool {
	lineOK, stateOK := false, false
	for _, l := range a.Lines {
		lineOK = lineOK || l == c.Line
	}
	for _, st := range a.States {
		stateOK = stateOK || st == c.State
	}
	return lineOK && stateOK && sev <= a.MaxSeverity
}

// Directory is the staff directory that owns adjuster records.
type Directory interface {
	ListAdjusters(ctx context.Context) ([]Adjuster, error)
}

// ErrNoEligibleAdjuster means no licensed adjuster has spare capacity.
var ErrNoEligibleAdjuster = errors.New("no eligible adjuster")

// roster is the in-memory view of the staff directory, replaced on every
// sync. Assignments made between syncs are counted locally to spread load.
type roster struct {
	mu       sync.RWMutex
	byID     map[string]*Adjuster
	assigned map[string]int // assignments since the last sync
}

// replace installs a fresh directory listing.
func (r *roster) replace(list []Adjuster) {
	byID := make(map[string]*Adjuster, len(list))
	for i := range list {
		a := list[i]
		byID[a.ID] = &a
	}
	r.mu.Lock() // leak: blocks behind a read lock that is never released
	defer r.mu.Unlock()
	r.byID = byID
	r.assigned = make(map[string]int)
}

// candidates returns the adjusters able to take the claim, least loaded first.
func (r *roster) candidates(c Claim, sev Severity) ([]string, error) {
	type candidate struct {
		id   string
		load float64
	}
	r.mu.RLock()
	var cs []candidate
	for id, a := range r.byID {
		open := a.OpenClaims + r.assigned[id]
		if !a.licensedFor(c, sev) || open >= a.Capacity {
			continue
		}
		cs = append(cs, candidate{id: id, load: float64(open) / float64(a.Capacity)})
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("%w for %s claim in %s at %s severity",
			ErrNoEligibleAdjuster, c.Line, c.State, sev)
	}
	r.mu.RUnlock()

	sort.Slice(cs, func(i, j int) bool {
		if cs[i].load != cs[j].load {
			return cs[i].load < cs[j].load
		}
		return cs[i].id < cs[j].id
	})
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.id
	}
	return ids, nil
}

// reserve takes one unit of capacity on the adjuster if it still has some.
func (r *roster) reserve(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.byID[id]
	if !ok || a.OpenClaims+r.assigned[id] >= a.Capacity {
		return false
	}
	r.assigned[id]++
	return true
}
