package auction

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Format is the creative format of an ad slot.
type Format int

// Supported creative formats.
const (
	FormatBanner Format = iota + 1
	FormatVideo
	FormatNative
)

func (f Format) String() string {
	switch f {
	case FormatBanner:
		return "banner"
	case FormatVideo:
		return "video"
	case FormatNative:
		return "native"
	default:
		return fmt.Sprintf("format(%d)", int(f))
	}
}

// Slot describes the inventory being sold.
type Slot struct {
	ID     string
	Format Format
	Width  int
	Height int
}

// BidRequest is one impression opportunity sent to every eligible bidder.
type BidRequest struct {
	ID          string
	Slot        Slot
	FloorMicros int64 // minimum CPM price, in micro-units of currency
	Country     string
}

func (r BidRequest) validate() error {
	switch {
	case r.ID == "":
		return errors.New("missing request id")
	case r.Slot.ID == "":
		return errors.New("missing slot id")
	case r.FloorMicros < 0:
		return fmt.Errorf("negative floor %d", r.FloorMicros)
	}
	return nil
}

// Bid is a bidder's answer to a BidRequest.
type Bid struct {
	BidderID    string
	CreativeID  string
	PriceMicros int64
}

// Bidder is a demand partner reachable over the network.
type Bidder interface {
	// ID returns a stable identifier for the bidder.
	ID() string
	// Formats lists the creative formats the bidder can serve.
	Formats() []Format
	// Bid asks the bidder for a price. A nil Bid with a nil error is a no-bid.
	Bid(ctx context.Context, req BidRequest) (*Bid, error)
}

// Clock abstracts time so auctions can be tested without real deadlines.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Outcome classifies a single bidder response.
type Outcome string

// Bidder outcomes reported to Metrics.
const (
	OutcomeBid        Outcome = "bid"
	OutcomeNoBid      Outcome = "no_bid"
	OutcomeError      Outcome = "error"
	OutcomeBelowFloor Outcome = "below_floor"
)

// Metrics receives per-bidder observations. Implementations must be safe
// for concurrent use.
type Metrics interface {
	ObserveResponse(bidderID string, outcome Outcome, latency time.Duration)
	ObserveSkip(bidderID string, reason string)
}

type nopMetrics struct{}

func (nopMetrics) ObserveResponse(string, Outcome, time.Duration) {}
func (nopMetrics) ObserveSkip(string, string)                     {}

// health tracks consecutive failures per bidder and pauses bidders that keep
// failing, so a broken partner does not eat into every auction's deadline.
type health struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	state     map[string]*bidderHealth
}

type bidderHealth struct {
	failures    int
	pausedUntil time.Time
}

func newHealth(threshold int, cooldown time.Duration) *health {
	return &health{threshold: threshold, cooldown: cooldown, state: make(map[string]*bidderHealth)}
}

func (h *health) paused(id string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.state[id]
	return ok && now.Before(s.pausedUntil)
}

func (h *health) record(id string, ok bool, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.state[id]
	if s == nil {
		s = &bidderHealth{}
		h.state[id] = s
	}
	if ok {
		s.failures = 0
		return
	}
	s.failures++
	if h.threshold > 0 && s.failures >= h.threshold {
		s.pausedUntil = now.Add(h.cooldown)
		s.failures = 0
	}
}

func supports(b Bidder, f Format) bool {
	for _, have := range b.Formats() {
		if have == f {
			return true
		}
	}
	return false
}
