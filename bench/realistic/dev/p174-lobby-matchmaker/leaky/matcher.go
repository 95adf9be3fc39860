package lobby

import (
	"fmt"
	"sort"
	"time"
)

func (l *Lobby) run() {
	for {
		select {
		case t := <-l.queue:
			l.waiting = append(l.waiting, t)
			for l.matchOne() {
			}
		case <-l.done:
			return
		}
	}
}

// matchOne forms at most one match from the waiting players and reports
// whether it did.
func (l *Lobby) matchOne() bool {
	if len(l.waiting) < l.size {
		return false
	}
	sort.SliceStable(l.waiting, func(i, j int) bool {
		return l.waiting[i].player.Rating < l.waiting[j].player.Rating
	})
	for start := 0; start+l.size <= len(l.waiting); start++ {
		group := l.waiting[start : start+l.size]
		if group[len(group)-1].player.Rating-group[0].player.Rating > l.spread {
			continue
		}
		l.seq++
		m := Match{ID: fmt.Sprintf("m-%d", l.seq), Formed: time.Now()}
		for _, t := range group {
			m.Players = append(m.Players, t.player)
		}
		notify(group, m)
		l.waiting = append(l.waiting[:start:start], l.waiting[start+l.size:]...)
		return true
	}
	return false
}

// notify hands the formed match to every player in it.
func notify(group []*ticket, m Match) {
	for _, t := range group {
		t.result <- m // leak: a player whose Join already gave up never receives, so the matcher goroutine blocks here and stops serving the lobby
	}
}
