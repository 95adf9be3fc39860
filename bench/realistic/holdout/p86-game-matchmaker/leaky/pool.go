package matchmaker

import (
	"fmt"
	"sort"
	"time"
)

// ticket is a player's place in the queue.
type ticket struct {
	player   Player
	queuedAt time.Time
	// result receives exactly one outcome. It is buffered so that the
	// matchmaker never waits for the player.
	result chan outcome
}

type outcome struct {
	match *Match
	err   error
}

func (t *ticket) resolve(o outcome) { t.result <- o }

// window returns the rating spread t accepts at time now. The window widens
// the longer a player waits so that outliers are eventually matched.
func (m *Matchmaker) window(t *ticket, now time.Time) int {
	waited := now.Sub(t.queuedAt)
	if waited < 0 {
		waited = 0
	}
	return m.cfg.RatingWindow + int(waited/time.Second)*m.cfg.WindowGrowth
}

// matchLocked groups waiting tickets into matches. Tickets are bucketed by
// region and sorted by rating; a run of MatchSize neighbours forms a match
// when its rating spread fits the window of its longest-waiting member.
// Matched tickets are removed from the queue. The caller must hold m.mu.
func (m *Matchmaker) matchLocked(now time.Time) []matched {
	byRegion := make(map[string][]*ticket)
	for _, t := range m.tickets {
		byRegion[t.player.Region] = append(byRegion[t.player.Region], t)
	}

	regions := make([]string, 0, len(byRegion))
	for r := range byRegion {
		regions = append(regions, r)
	}
	sort.Strings(regions)

	var out []matched
	size := m.cfg.MatchSize
	for _, region := range regions {
		pool := byRegion[region]
		if len(pool) < size {
			continue
		}
		sort.Slice(pool, func(i, j int) bool {
			if pool[i].player.Rating != pool[j].player.Rating {
				return pool[i].player.Rating < pool[j].player.Rating
			}
			return pool[i].queuedAt.Before(pool[j].queuedAt)
		})
		for i := 0; i+size <= len(pool); {
			group := pool[i : i+size]
			if !m.fits(group, now) {
				i++
				continue
			}
			out = append(out, m.formLocked(region, group, now))
			i += size
		}
	}
	return out
}

func (m *Matchmaker) fits(group []*ticket, now time.Time) bool {
	allowed := 0
	for _, t := range group {
		if w := m.window(t, now); w > allowed {
			allowed = w
		}
	}
	spread := group[len(group)-1].player.Rating - group[0].player.Rating
	return spread <= allowed
}

// matched pairs a new match with the tickets that must be told about it.
type matched struct {
	match   *Match
	tickets []*ticket
}

func (m *Matchmaker) formLocked(region string, group []*ticket, now time.Time) matched {
	m.seq++
	match := &Match{
		ID:      fmt.Sprintf("%s-%06d", region, m.seq),
		Region:  region,
		Created: now,
	}
	tickets := make([]*ticket, len(group))
	copy(tickets, group)
	for _, t := range tickets {
		match.Players = append(match.Players, t.player)
		delete(m.tickets, t.player.ID)
	}
	return matched{match: match, tickets: tickets}
}
