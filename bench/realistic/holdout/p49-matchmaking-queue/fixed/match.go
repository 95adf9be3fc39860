package matchmaking

import (
	"sort"
	"time"
)

func (q *Queue) run() {
	defer q.wg.Done()
	ticker := time.NewTicker(q.tick)
	defer ticker.Stop()

	var waiting []*ticket
	nextID := 1
	for {
		select {
		case <-q.done:
			return
		case t := <-q.join:
			waiting = append(waiting, t)
		case t := <-q.leave:
			waiting = remove(waiting, t)
		case now := <-ticker.C:
			var pairs [][2]*ticket
			pairs, waiting = q.pair(waiting, now)
			for _, p := range pairs {
				go q.deliver(nextID, p[0], p[1])
				nextID++
			}
		}
	}
}

// pair matches neighbours in rating order whose gap is acceptable to both
// tickets, and returns the pairs together with the tickets left waiting.
func (q *Queue) pair(waiting []*ticket, now time.Time) ([][2]*ticket, []*ticket) {
	sort.Slice(waiting, func(i, j int) bool {
		return waiting[i].player.Rating < waiting[j].player.Rating
	})
	var pairs [][2]*ticket
	var rest []*ticket
	for i := 0; i < len(waiting); i++ {
		if i+1 < len(waiting) {
			a, b := waiting[i], waiting[i+1]
			gap := b.player.Rating - a.player.Rating
			if gap <= q.allowedGap(a, now) && gap <= q.allowedGap(b, now) {
				if b.enqueued.Before(a.enqueued) {
					a, b = b, a
				}
				pairs = append(pairs, [2]*ticket{a, b})
				i++
				continue
			}
		}
		rest = append(rest, waiting[i])
	}
	return pairs, rest
}

func (q *Queue) allowedGap(t *ticket, now time.Time) int {
	if q.widenEvery <= 0 {
		return q.maxGap
	}
	return q.maxGap + q.widenStep*int(now.Sub(t.enqueued)/q.widenEvery)
}

func remove(ts []*ticket, t *ticket) []*ticket {
	for i, x := range ts {
		if x == t {
			return append(ts[:i], ts[i+1:]...)
		}
	}
	return ts
}
