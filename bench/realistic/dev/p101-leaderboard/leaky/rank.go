package leaderboard

import (
	"sort"
	"time"
)

// schedule requests a recomputation every interval.
func (b *Board) schedule() {
	t := time.NewTicker(b.interval)
	defer t.Stop()
	for {
		select {
		case <-b.quit:
			return
		case <-t.C:
			b.Refresh()
		}
	}
}

// recompute rebuilds the ranking each time one is requested. The expensive
// part runs without the lock so that Submit and Top are never held up.
func (b *Board) recompute() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		for !b.dirty && !b.closed {
			b.cond.Wait() // leak: Close sets closed but never wakes this waiter
		}
		if b.closed {
			return
		}
		b.dirty = false
		snapshot := make(map[string]int64, len(b.best))
		for p, s := range b.best {
			snapshot[p] = s
		}

		b.mu.Unlock()
		ranking := rank(snapshot)
		b.mu.Lock()

		b.ranking = ranking
		b.gen++
	}
}

// rank orders players by score, best first, breaking ties by name. Players
// with equal scores share a rank, and the next rank skips accordingly.
func rank(scores map[string]int64) []Entry {
	out := make([]Entry, 0, len(scores))
	for p, s := range scores {
		out = append(out, Entry{Player: p, Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Player < out[j].Player
	})
	for i := range out {
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
