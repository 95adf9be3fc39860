package scores

import (
	"sort"
	"sync"
)

// Match is the board's current view of one fixture.
type Match struct {
	ID     string
	Home   int
	Away   int
	Minute int
	Source string
}

// Board holds the freshest known score of every match. Feeds disagree and
// lag behind one another, so an update only wins if it is newer than what
// the board already shows.
type Board struct {
	mu      sync.RWMutex
	matches map[string]Match
}

// NewBoard returns an empty board.
func NewBoard() *Board { return &Board{matches: make(map[string]Match)} }

// Apply merges u into the board and reports whether it changed anything.
func (b *Board) Apply(u Update) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	cur, ok := b.matches[u.MatchID]
	if ok && !newer(u, cur) {
		return false
	}
	b.matches[u.MatchID] = Match{ID: u.MatchID, Home: u.Home, Away: u.Away, Minute: u.Minute, Source: u.Source}
	return true
}

// newer prefers a later match minute and, within the same minute, more goals:
// a goal is never taken back by a slower feed.
func newer(u Update, cur Match) bool {
	if u.Minute != cur.Minute {
		return u.Minute > cur.Minute
	}
	return u.Home+u.Away > cur.Home+cur.Away
}

// Get returns the current score of one match.
func (b *Board) Get(id string) (Match, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	m, ok := b.matches[id]
	return m, ok
}

// Snapshot returns every match, ordered by ID.
func (b *Board) Snapshot() []Match {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Match, 0, len(b.matches))
	for _, m := range b.matches {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
