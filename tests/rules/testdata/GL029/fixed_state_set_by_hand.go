package fixedringing

import "sync"

const (
	stateRinging   = "ringing"
	stateAnswered  = "answered"
	stateCancelled = "cancelled"
)

type leg struct {
	answered  bool
	abandoned bool
}

type call struct {
	mu    sync.Mutex
	cond  *sync.Cond
	state string
	legs  []*leg
}

func newCall(n int) *call {
	c := &call{state: stateRinging}
	c.cond = sync.NewCond(&c.mu)
	for i := 0; i < n; i++ {
		c.legs = append(c.legs, &leg{})
	}
	return c
}

// settle ends the call in state; every leg still ringing is abandoned.
func (c *call) settle(state string) {
	c.state = state
	for _, l := range c.legs {
		if !l.answered {
			l.abandoned = true
		}
	}
	c.cond.Broadcast()
}

// ringAll rings every leg until it is answered or abandoned.
func (c *call) ringAll() {
	for _, l := range c.legs {
		go ring(c, l)
	}
}

func ring(c *call, l *leg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !l.answered && !l.abandoned {
		c.cond.Wait()
	}
}

// Answer settles the call on an answered leg.
func (c *call) Answer(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.legs[i].answered = true
	c.settle(stateAnswered)
}

// Timeout gives up on a call nobody answered.
func (c *call) Timeout() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == stateRinging {
		c.settle(stateCancelled)
	}
}

// Cancel ends a call the caller hung up on.
func (c *call) Cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != stateRinging {
		return
	}
	c.settle(stateCancelled)
}
