package callrouter

import (
	"context"
	"strconv"
	"sync"
)

// Call states.
const (
	stateRinging   = "ringing"
	stateAnswered  = "answered"
	stateFailed    = "failed"
	stateTimeout   = "timeout"
	stateCancelled = "cancelled"
)

// leg is one forked branch of a call, ringing a single contact.
type leg struct {
	contact   string
	branch    string
	final     int  // final status code, 0 while pending
	abandoned bool // the call settled without this leg answering
}

// call is the state of one routed call. All fields below mu are guarded by
// it; cond is signalled whenever a leg's final or abandoned field changes.
type call struct {
	id     string
	invite Request
	timer  Timer

	mu    sync.Mutex
	cond  *sync.Cond
	state string
	legs  map[string]*leg // by branch
}

func newCall(inv Request, contacts []string) *call {
	c := &call{id: inv.CallID, invite: inv, state: stateRinging, legs: make(map[string]*leg)}
	c.cond = sync.NewCond(&c.mu)
	for i, contact := range contacts {
		branch := "z9hG4bK-" + inv.CallID + "-" + strconv.Itoa(i)
		c.legs[branch] = &leg{contact: contact, branch: branch}
	}
	return c
}

// request builds a request of the given method for leg l.
func (c *call) request(method string, l *leg) Request {
	req := Request{Method: method, CallID: c.id, Branch: l.branch,
		From: c.invite.From, To: c.invite.To, Contact: l.contact}
	if method == "INVITE" {
		req.Body = c.invite.Body
	}
	return req
}

// settle moves the call out of the ringing state and abandons every leg that
// has not produced a final response. c.mu must be held.
func (c *call) settle(state string) {
	c.state = state
	for _, l := range c.legs {
		if l.final == 0 {
			l.abandoned = true
		}
	}
	c.cond.Broadcast()
}

// onResponse applies a response to the call and reports whether the call
// just reached a final outcome.
func (c *call) onResponse(resp Response) (Outcome, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.legs[resp.Branch]
	if l == nil || l.final != 0 || l.abandoned {
		return Outcome{}, false
	}
	if resp.Status < 200 {
		return Outcome{}, false // provisional
	}
	l.final = resp.Status
	c.cond.Broadcast()
	if c.state != stateRinging {
		return Outcome{}, false
	}
	out := Outcome{CallID: c.id, Status: resp.Status}
	if resp.Status < 300 {
		c.settle(stateAnswered)
		out.State, out.Contact = stateAnswered, l.contact
		c.timer.Stop()
		return out, true
	}
	for _, other := range c.legs {
		if other.final == 0 {
			return Outcome{}, false
		}
	}
	c.settle(stateFailed)
	c.timer.Stop()
	out.State = stateFailed
	return out, true
}

// ring sends the INVITE for leg l and then waits until the leg either
// produces a final response or is abandoned; abandoned branches get a CANCEL
// so that the contact stops ringing.
func (r *Router) ring(c *call, l *leg) {
	ctx, cancel := context.WithTimeout(r.ctx, sendTimeout)
	err := r.cfg.Transport.Send(ctx, l.contact, c.request("INVITE", l))
	cancel()
	if err != nil {
		// Treat an unreachable contact like a 503 from it.
		r.HandleResponse(Response{CallID: c.id, Branch: l.branch, Status: 503, Reason: err.Error()})
		return
	}

	c.mu.Lock()
	for l.final == 0 && !l.abandoned {
		c.cond.Wait()
	}
	abandoned := l.abandoned
	c.mu.Unlock()

	if abandoned {
		ctx, cancel = context.WithTimeout(context.Background(), sendTimeout)
		defer cancel()
		_ = r.cfg.Transport.Send(ctx, l.contact, c.request("CANCEL", l))
	}
}
