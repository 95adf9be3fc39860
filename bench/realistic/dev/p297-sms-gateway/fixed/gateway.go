// Package sms implements an outbound SMS gateway. Messages are routed to
// carrier connections by destination prefix, submissions to each carrier are
// throttled to the rate agreed with that carrier, and delivery receipts coming
// back from the carriers are correlated with the original messages.
package sms

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

var (
	// ErrClosed is returned when a message is submitted to a closed Gateway.
	ErrClosed = errors.New("sms: gateway closed")
	// ErrNoRoute is returned when no carrier serves the destination number.
	ErrNoRoute = errors.New("sms: no route for destination")
	// ErrTooLong is returned for messages with more segments than a carrier
	// accepts within one throttle window.
	ErrTooLong = errors.New("sms: message too long")
)

// Message is an outbound text message.
type Message struct {
	ID   string // assigned by Submit when empty
	From string // sender ID or short code
	To   string // destination in E.164 format, e.g. "+15550100"
	Body string
}

// CarrierReceipt is a delivery report as sent by a carrier, keyed by the
// carrier's own reference for the message.
type CarrierReceipt struct {
	Ref       string
	Delivered bool
	At        time.Time
}

// Receipt is a delivery report correlated with the gateway's message ID.
type Receipt struct {
	MessageID string
	Carrier   string
	CarrierReceipt
}

// Carrier is a connection to an upstream SMSC.
type Carrier interface {
	// Name identifies the carrier in routes and receipts.
	Name() string
	// Submit hands msg to the carrier and returns the carrier's reference.
	Submit(ctx context.Context, msg Message) (ref string, err error)
	// Receipts delivers delivery reports. It is closed when the carrier
	// connection goes away.
	Receipts() <-chan CarrierReceipt
}

// Clock abstracts time for throttling.
type Clock interface {
	// NewTicker returns a channel that fires every d and a function that
	// stops it.
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type realClock struct{}

func (realClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Config configures a Gateway.
type Config struct {
	// Routes maps destination prefixes to carrier names. The longest
	// matching prefix wins.
	Routes map[string]string
	// DefaultRoute names the carrier for destinations matching no route.
	DefaultRoute string
	// ThrottleLimit, when positive, limits every carrier connection to that
	// many message segments per ThrottleWindow.
	ThrottleLimit  int
	ThrottleWindow time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
	// OnReceipt is called for every correlated delivery receipt.
	OnReceipt func(Receipt)
	// OnError is called for messages accepted by Submit that could not be
	// handed to their carrier.
	OnError func(Message, error)
}

// Gateway routes messages to carrier connections.
type Gateway struct {
	conns    map[string]*conn
	routes   map[string]*conn
	fallback *conn
	seq      uint64

	mu     sync.RWMutex
	closed bool
}

// New validates the configuration and starts one connection per carrier.
func New(carriers []Carrier, cfg Config) (*Gateway, error) {
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if len(carriers) == 0 {
		return nil, fmt.Errorf("%w: no carriers configured", ErrNoRoute)
	}

	g := &Gateway{conns: make(map[string]*conn), routes: make(map[string]*conn)}
	for _, c := range carriers {
		g.conns[c.Name()] = newConn(c, &cfg)
	}
	for prefix, name := range cfg.Routes {
		c, ok := g.conns[name]
		if !ok {
			return nil, fmt.Errorf("%w: route %q refers to unknown carrier %q", ErrNoRoute, prefix, name)
		}
		g.routes[prefix] = c
	}
	if cfg.DefaultRoute != "" {
		c, ok := g.conns[cfg.DefaultRoute]
		if !ok {
			return nil, fmt.Errorf("%w: default route refers to unknown carrier %q", ErrNoRoute, cfg.DefaultRoute)
		}
		g.fallback = c
	}

	for _, c := range g.conns {
		c.start()
	}
	return g, nil
}

// Submit routes msg and queues it for its carrier. It returns the message ID
// used in receipts. Submit blocks while the carrier's queue is full, until ctx
// is done.
func (g *Gateway) Submit(ctx context.Context, msg Message) (string, error) {
	c, err := g.route(msg.To)
	if err != nil {
		return "", err
	}
	if msg.ID == "" {
		msg.ID = "msg-" + strconv.FormatUint(atomic.AddUint64(&g.seq, 1), 10)
	}

	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return "", ErrClosed
	}
	select {
	case c.queue <- msg:
		return msg.ID, nil
	case <-ctx.Done():
		return "", fmt.Errorf("sms: queue %s for %s: %w", msg.ID, c.name, ctx.Err())
	}
}

func (g *Gateway) route(to string) (*conn, error) {
	best := ""
	for p := range g.routes {
		if len(p) > len(best) && strings.HasPrefix(to, p) {
			best = p
		}
	}
	if best != "" {
		return g.routes[best], nil
	}
	if g.fallback != nil {
		return g.fallback, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrNoRoute, to)
}

// Close stops accepting messages and shuts down all carrier connections.
// Messages still queued are reported through OnError.
func (g *Gateway) Close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil
	}
	g.closed = true
	g.mu.Unlock()

	for _, c := range g.conns {
		c.close()
	}
	return nil
}

// segments returns how many SMS parts body needs: 160 characters fit in a
// single message, longer bodies are split into 153-character parts.
func segments(body string) int {
	n := utf8.RuneCountInString(body)
	if n <= 160 {
		return 1
	}
	return (n + 152) / 153
}
