// Package callrouter routes SIP-like INVITEs to the endpoints registered for
// an address of record, forking the call to every registered contact at once
// ("parallel ringing") and tearing the losing branches down when one of them
// answers, when the caller gives up, or when the ring timer expires.
package callrouter

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Request is a SIP-like request sent to an endpoint.
type Request struct {
	Method  string // INVITE, CANCEL or BYE
	CallID  string
	Branch  string
	From    string
	To      string
	Contact string
	Body    []byte
}

// Response is a SIP-like response received from an endpoint.
type Response struct {
	CallID string
	Branch string
	Status int
	Reason string
}

// Transport delivers requests to endpoint contacts.
type Transport interface {
	Send(ctx context.Context, contact string, req Request) error
}

// Timer is a stoppable timer, as returned by Clock.AfterFunc.
type Timer interface{ Stop() bool }

// Clock abstracts time for the registrar and the ring timer.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Outcome is the final result of routing a call.
type Outcome struct {
	CallID  string
	State   string // "answered", "failed", "timeout", "cancelled"
	Contact string // contact that answered, if any
	Status  int
}

// Errors returned by the Router.
var (
	ErrNotFound    = errors.New("callrouter: no registered contacts")
	ErrNoSuchCall  = errors.New("callrouter: no such call")
	ErrEstablished = errors.New("callrouter: call already established")
	ErrClosed      = errors.New("callrouter: router closed")
)

// sendTimeout bounds each individual request to an endpoint.
const sendTimeout = 2 * time.Second

// Config configures a Router.
type Config struct {
	Transport Transport // required
	Clock     Clock     // defaults to the system clock
	// RingTimeout bounds how long a call rings before it is abandoned
	// (default 30s).
	RingTimeout time.Duration
	// OnOutcome, if set, is called once per call when it stops ringing.
	OnOutcome func(Outcome)
}

// Router is a forking call router with a built-in registrar.
type Router struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	bindings map[string]map[string]time.Time // AOR -> contact -> expiry
	calls    map[string]*call
	seq      uint64
	closed   bool
}

// New returns a Router.
func New(cfg Config) (*Router, error) {
	if cfg.Transport == nil {
		return nil, errors.New("callrouter: Config.Transport is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.RingTimeout <= 0 {
		cfg.RingTimeout = 30 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Router{
		cfg:      cfg,
		ctx:      ctx,
		cancel:   cancel,
		bindings: make(map[string]map[string]time.Time),
		calls:    make(map[string]*call),
	}, nil
}

// Register binds contact to the address of record aor for ttl. Registering
// an existing contact refreshes its expiry.
func (r *Router) Register(aor, contact string, ttl time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bindings[aor] == nil {
		r.bindings[aor] = make(map[string]time.Time)
	}
	r.bindings[aor][contact] = r.cfg.Clock.Now().Add(ttl)
}

// contactsLocked returns the live contacts for aor. r.mu must be held.
func (r *Router) contactsLocked(aor string) []string {
	now := r.cfg.Clock.Now()
	var out []string
	for contact, expires := range r.bindings[aor] {
		if now.Before(expires) {
			out = append(out, contact)
		}
	}
	sort.Strings(out)
	return out
}

// Invite starts routing inv to every live contact registered for inv.To and
// returns the call ID. The outcome is reported through Config.OnOutcome.
func (r *Router) Invite(inv Request) (string, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return "", ErrClosed
	}
	contacts := r.contactsLocked(inv.To)
	if len(contacts) == 0 {
		r.mu.Unlock()
		return "", fmt.Errorf("invite %s: %w", inv.To, ErrNotFound)
	}
	if inv.CallID == "" {
		r.seq++
		inv.CallID = "call-" + strconv.FormatUint(r.seq, 10)
	}
	c := newCall(inv, contacts)
	c.timer = r.cfg.Clock.AfterFunc(r.cfg.RingTimeout, func() { r.ringTimeout(c) })
	r.calls[inv.CallID] = c
	r.mu.Unlock()

	for _, l := range c.legs {
		go r.ring(c, l)
	}
	return inv.CallID, nil
}

// HandleResponse processes a response received from an endpoint.
func (r *Router) HandleResponse(resp Response) {
	r.mu.Lock()
	c := r.calls[resp.CallID]
	r.mu.Unlock()
	if c == nil {
		return
	}
	if out, done := c.onResponse(resp); done {
		r.finish(c, out)
	}
}

// Cancel abandons a call that is still ringing, as when the caller sends
// CANCEL before anyone answers.
func (r *Router) Cancel(callID string) error {
	r.mu.Lock()
	c := r.calls[callID]
	r.mu.Unlock()
	if c == nil {
		return fmt.Errorf("cancel %s: %w", callID, ErrNoSuchCall)
	}

	c.mu.Lock()
	if c.state != stateRinging {
		c.mu.Unlock()
		return fmt.Errorf("cancel %s: %w", callID, ErrEstablished)
	}
	c.settle(stateCancelled)
	c.mu.Unlock()
	c.timer.Stop()

	r.finish(c, Outcome{CallID: callID, State: stateCancelled, Status: 487})
	return nil
}

// ringTimeout is fired by the ring timer.
func (r *Router) ringTimeout(c *call) {
	c.mu.Lock()
	if c.state != stateRinging {
		c.mu.Unlock()
		return
	}
	c.settle(stateTimeout)
	c.mu.Unlock()
	r.finish(c, Outcome{CallID: c.id, State: stateTimeout, Status: 408})
}

// finish forgets a call that has stopped ringing and reports its outcome.
// Once answered, the dialog continues directly between the endpoints.
func (r *Router) finish(c *call, out Outcome) {
	r.mu.Lock()
	delete(r.calls, c.id)
	r.mu.Unlock()
	if r.cfg.OnOutcome != nil {
		r.cfg.OnOutcome(out)
	}
}

// Close stops the router. Calls that are still ringing are abandoned.
func (r *Router) Close() {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.closed = true
	calls := r.calls
	r.calls = make(map[string]*call)
	r.mu.Unlock()

	for _, c := range calls {
		c.mu.Lock()
		if c.state == stateRinging {
			c.settle(stateCancelled)
		}
		c.mu.Unlock()
		c.timer.Stop()
	}
	r.cancel()
}
