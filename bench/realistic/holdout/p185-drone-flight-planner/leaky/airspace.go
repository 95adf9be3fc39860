package flightplan

import (
	"context"
	"sync"
)

// Waypoint is a point on a route: WGS84 degrees, metres above ground.
type Waypoint struct {
	Lat  float64
	Lon  float64
	AltM float64
}

// Restriction is a temporary flight restriction that the airspace authority
// reports for a proposed mission. Blocking restrictions prevent the mission
// from being scheduled; the others are advisory.
type Restriction struct {
	ID       string
	Reason   string
	Blocking bool
}

// AirspaceChecker asks the airspace authority whether a mission may fly.
type AirspaceChecker interface {
	Check(ctx context.Context, m Mission) ([]Restriction, error)
}

// Notice is a NOTAM for a whole corridor. An active notice closes it to new
// launches; withdrawing the same notice re-opens it.
type Notice struct {
	ID       string
	Corridor string
	Active   bool
}

// blockingIDs returns the IDs of the restrictions that prevent a flight.
func blockingIDs(rs []Restriction) []string {
	var ids []string
	for _, r := range rs {
		if r.Blocking {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// corridor is a block of airspace that holds a limited number of drones at
// a time. Missions queue in reserve until the corridor is open and has room.
type corridor struct {
	name     string
	capacity int
	onHold   func(mission, corridor string)

	mu      sync.Mutex
	cond    *sync.Cond
	open    bool
	notice  string
	holders map[string]struct{}
}

func newCorridor(name string, capacity int, onHold func(mission, corridor string)) *corridor {
	c := &corridor{
		name:     name,
		capacity: capacity,
		onHold:   onHold,
		open:     true,
		holders:  make(map[string]struct{}),
	}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// reserve blocks until the corridor is open and has a free slot, then
// records the mission as one of its holders.
func (c *corridor) reserve(mission string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.open || len(c.holders) >= c.capacity {
		if c.onHold != nil {
			c.onHold(mission, c.name)
		}
		c.cond.Wait() // leak: corridor re-opened by apply without waking waiters
	}
	c.holders[mission] = struct{}{}
}

// release hands the mission's slot back and lets the next queued mission in.
func (c *corridor) release(mission string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.holders[mission]; !ok {
		return
	}
	delete(c.holders, mission)
	c.cond.Signal()
}

// apply closes or re-opens the corridor according to a NOTAM. Withdrawing
// a notice that a newer one has superseded leaves the corridor closed.
func (c *corridor) apply(n Notice) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n.Active {
		c.open = false
		c.notice = n.ID
		return
	}
	if c.notice != n.ID {
		return
	}
	c.open = true
	c.notice = ""
}
