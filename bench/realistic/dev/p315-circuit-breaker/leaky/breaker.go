package breaker

import (
	"errors"
	"sync"
	"time"
)

// State is the position of a circuit breaker.
type State int

// Breaker states.
const (
	Closed   State = iota // calls flow; failures are counted
	Open                  // calls are rejected until the cool-down elapses
	HalfOpen              // a limited number of probe calls test the remote
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "unknown"
}

var (
	// ErrOpen is returned while the breaker rejects calls.
	ErrOpen = errors.New("circuit breaker is open")
	// ErrTooManyProbes is returned in half-open state when all probe slots
	// are taken.
	ErrTooManyProbes = errors.New("circuit breaker is half-open: probe limit reached")
)

// Clock abstracts time so cool-downs can be tested.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// circuit is the breaker state machine. Outcomes are tagged with the
// generation in which the call was admitted so that results of calls that
// straddle a state change are ignored.
type circuit struct {
	clock            Clock
	failureThreshold int
	successThreshold int
	maxProbes        int
	coolDown         time.Duration
	onChange         func(from, to State)

	mu         sync.Mutex
	state      State
	generation uint64
	failures   int // consecutive, in Closed
	successes  int // consecutive, in HalfOpen
	probes     int // in flight, in HalfOpen
	openedAt   time.Time
}

// allow asks for permission to make a call.
func (c *circuit) allow() (generation uint64, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Open && !c.clock.Now().Before(c.openedAt.Add(c.coolDown)) {
		c.setStateLocked(HalfOpen)
	}
	switch c.state {
	case Open:
		return 0, ErrOpen
	case HalfOpen:
		if c.probes >= c.maxProbes {
			return 0, ErrTooManyProbes
		}
		c.probes++
	}
	return c.generation, nil
}

// record reports the outcome of a call admitted in generation.
func (c *circuit) record(generation uint64, failed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if generation != c.generation {
		return
	}
	switch c.state {
	case Closed:
		if !failed {
			c.failures = 0
			return
		}
		if c.failures++; c.failures >= c.failureThreshold {
			c.setStateLocked(Open)
		}
	case HalfOpen:
		c.probes--
		if failed {
			c.setStateLocked(Open)
			return
		}
		if c.successes++; c.successes >= c.successThreshold {
			c.setStateLocked(Closed)
		}
	}
}

func (c *circuit) current() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *circuit) setStateLocked(to State) {
	from := c.state
	if from == to {
		return
	}
	c.state = to
	c.generation++
	c.failures, c.successes, c.probes = 0, 0, 0
	if to == Open {
		c.openedAt = c.clock.Now()
	}
	if c.onChange != nil {
		c.onChange(from, to)
	}
}
