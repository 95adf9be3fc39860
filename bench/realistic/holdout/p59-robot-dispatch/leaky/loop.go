package dispatch

import (
	"fmt"
	"sort"
)

func (d *Dispatcher) run() {
	for {
		select {
		case <-d.quit:
			return
		case req := <-d.assignReqs:
			a, err := d.pick(req.task)
			req.reply <- assignResult{a: a, err: err} // leak: the caller may have given up on its context, and nothing else ever receives this reply
		case id := <-d.releases:
			if r, ok := d.fleet[id]; ok {
				r.busy = false
			}
		}
	}
}

// pick chooses the idle robot with the cheapest route that can carry t.
func (d *Dispatcher) pick(t Task) (Assignment, error) {
	ids := make([]string, 0, len(d.fleet))
	for id := range d.fleet {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	var best *Robot
	bestCost := 0.0
	for _, id := range ids {
		r := d.fleet[id]
		if r.busy || r.Payload < t.Weight {
			continue
		}
		cost, err := d.planner.Cost(r.Location, t.Shelf)
		if err != nil {
			return Assignment{}, fmt.Errorf("plan %s for %s: %w", r.ID, t.ID, err)
		}
		if best == nil || cost < bestCost {
			best, bestCost = r, cost
		}
	}
	if best == nil {
		return Assignment{}, fmt.Errorf("task %s: %w", t.ID, ErrNoRobot)
	}
	best.busy = true
	best.Location = t.Shelf
	return Assignment{TaskID: t.ID, RobotID: best.ID, Cost: bestCost}, nil
}
