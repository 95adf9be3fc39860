package shuttlecount

import "time"

// shardOp is a unit of work for a shard worker. Exactly one field is set.
type shardOp struct {
	pick    *Pick
	restore *LoomTotals
	snap    chan<- []LoomTotals
}

type loomState struct {
	totals LoomTotals
	// lastBy holds the timestamp of the latest reading per shuttle. Sensors
	// on the older looms retransmit their last reading after a network
	// hiccup, with the original timestamp; those are discarded.
	lastBy map[int]time.Time
}

func (c *Counter) runShard(id int, ops <-chan shardOp) {
	defer c.wg.Done()
	looms := make(map[string]*loomState)
	var dropped int

	for op := range ops {
		switch {
		case op.restore != nil:
			t := *op.restore
			st := &loomState{totals: t, lastBy: make(map[int]time.Time)}
			for shuttle := range t.Shuttles {
				st.lastBy[shuttle] = t.Last
			}
			looms[t.Loom] = st

		case op.pick != nil:
			p := op.pick
			st, ok := looms[p.Loom]
			if !ok {
				st = &loomState{
					totals: LoomTotals{Loom: p.Loom, Shuttles: make(map[int]int64), First: p.At},
					lastBy: make(map[int]time.Time),
				}
				looms[p.Loom] = st
			}
			if last, seen := st.lastBy[p.Shuttle]; seen && !p.At.After(last) {
				dropped++
				continue
			}
			st.lastBy[p.Shuttle] = p.At
			st.totals.Picks += int64(p.Picks)
			st.totals.Shuttles[p.Shuttle] += int64(p.Picks)
			if p.At.Before(st.totals.First) || st.totals.First.IsZero() {
				st.totals.First = p.At
			}
			if p.At.After(st.totals.Last) {
				st.totals.Last = p.At
			}

		case op.snap != nil:
			out := make([]LoomTotals, 0, len(looms))
			for _, st := range looms {
				out = append(out, st.totals.clone())
			}
			op.snap <- out
		}
	}
	if dropped > 0 {
		c.log.Printf("shard %d: dropped %d retransmitted readings", id, dropped)
	}
}
