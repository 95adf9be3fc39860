// Package pairing produces Swiss-system pairings for the sections of a
// chess tournament.
package pairing

import (
	"errors"
	"sort"
)

// Color is the side a player had in a game.
type Color int

const (
	White Color = iota
	Black
)

// Player is a player's standing in one section before a round is paired.
type Player struct {
	ID        string
	Name      string
	Rating    int
	Score     float64
	Opponents []string
	Colors    []Color
	HadBye    bool
	Withdrawn bool
}

func (p *Player) played(id string) bool {
	for _, o := range p.Opponents {
		if o == id {
			return true
		}
	}
	return false
}

// colorBalance is the number of whites minus the number of blacks.
func (p *Player) colorBalance() int {
	n := 0
	for _, c := range p.Colors {
		if c == White {
			n++
		} else {
			n--
		}
	}
	return n
}

// Board is one game of a round.
type Board struct {
	Number int
	White  string
	Black  string
}

var (
	ErrTooFewPlayers  = errors.New("pairing: fewer than two active players")
	ErrNoByeCandidate = errors.New("pairing: every player has already had a bye")
	ErrNoPairing      = errors.New("pairing: no pairing avoids a rematch")
)

// Swiss pairs the active players of a section. Players are ranked by score
// and rating; within a score group the top half meets the bottom half, and
// players float down to the next group when no legal opponent is left. An
// odd player out, the lowest ranked one who has not had a bye yet, gets the
// bye.
func Swiss(players []Player) (boards []Board, bye string, err error) {
	active := make([]*Player, 0, len(players))
	for i := range players {
		if !players[i].Withdrawn {
			active = append(active, &players[i])
		}
	}
	if len(active) < 2 {
		return nil, "", ErrTooFewPlayers
	}
	sort.SliceStable(active, func(i, j int) bool {
		a, b := active[i], active[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Rating != b.Rating {
			return a.Rating > b.Rating
		}
		return a.ID < b.ID
	})

	if len(active)%2 == 1 {
		idx := -1
		for i := len(active) - 1; i >= 0; i-- {
			if !active[i].HadBye {
				idx = i
				break
			}
		}
		if idx < 0 {
			return nil, "", ErrNoByeCandidate
		}
		bye = active[idx].ID
		active = append(active[:idx:idx], active[idx+1:]...)
	}

	pairs, ok := match(active)
	if !ok {
		return nil, "", ErrNoPairing
	}
	for i, pr := range pairs {
		w, b := assignColors(pr[0], pr[1])
		boards = append(boards, Board{Number: i + 1, White: w.ID, Black: b.ID})
	}
	return boards, bye, nil
}

// match pairs the ranked players, backtracking when a choice leaves the
// rest unpairable.
func match(ranked []*Player) ([][2]*Player, bool) {
	if len(ranked) == 0 {
		return nil, true
	}
	top, rest := ranked[0], ranked[1:]
	for _, i := range candidateOrder(ranked) {
		opp := rest[i]
		if top.played(opp.ID) {
			continue
		}
		remaining := make([]*Player, 0, len(rest)-1)
		remaining = append(remaining, rest[:i]...)
		remaining = append(remaining, rest[i+1:]...)
		if tail, ok := match(remaining); ok {
			return append([][2]*Player{{top, opp}}, tail...), true
		}
	}
	return nil, false
}

// candidateOrder lists indexes into ranked[1:] in the order the top player
// should try them: first the player half a score group below, then the
// rest of the group, then lower groups.
func candidateOrder(ranked []*Player) []int {
	top := ranked[0]
	group := 1
	for group < len(ranked) && ranked[group].Score == top.Score {
		group++
	}
	half := group / 2
	if half < 1 {
		half = 1
	}
	order := make([]int, 0, len(ranked)-1)
	for i := half; i < group; i++ {
		order = append(order, i-1)
	}
	for i := 1; i < half; i++ {
		order = append(order, i-1)
	}
	for i := group; i < len(ranked); i++ {
		order = append(order, i-1)
	}
	return order
}

// assignColors gives white to the player due it: the one with fewer whites
// so far, then the one who had black last, then the higher ranked player.
func assignColors(a, b *Player) (white, black *Player) {
	ab, bb := a.colorBalance(), b.colorBalance()
	switch {
	case ab < bb:
		return a, b
	case bb < ab:
		return b, a
	}
	if la, lb := lastColor(a), lastColor(b); la != lb {
		if la == Black {
			return a, b
		}
		if lb == Black {
			return b, a
		}
	}
	return a, b
}

func lastColor(p *Player) Color {
	if len(p.Colors) == 0 {
		return -1
	}
	return p.Colors[len(p.Colors)-1]
}
