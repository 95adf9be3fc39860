package buoynet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Collector sweeps a set of buoys and keeps the last good reading of each.
type Collector struct {
	gw          Gateway
	buoys       []string
	maxInFlight int
	retries     int
	backoff     time.Duration
	maxAge      time.Duration
	log         *log.Logger
	now         func() time.Time

	mu       sync.Mutex
	lastGood map[string]Reading
	sweeps   int
}

// Option configures a Collector.
type Option func(*Collector)

// WithLogger sets the logger; by default the collector is silent.
func WithLogger(l *log.Logger) Option { return func(c *Collector) { c.log = l } }

// WithMaxInFlight bounds the number of concurrent gateway requests.
func WithMaxInFlight(n int) Option { return func(c *Collector) { c.maxInFlight = n } }

// WithRetries sets how often a busy gateway is retried and the pause between tries.
func WithRetries(n int, backoff time.Duration) Option {
	return func(c *Collector) { c.retries, c.backoff = n, backoff }
}

// WithMaxAge marks readings older than d as stale.
func WithMaxAge(d time.Duration) Option { return func(c *Collector) { c.maxAge = d } }

// WithClock replaces time.Now, for tests and replays.
func WithClock(now func() time.Time) Option { return func(c *Collector) { c.now = now } }

// New returns a collector for the given buoys.
func New(gw Gateway, buoys []string, opts ...Option) (*Collector, error) {
	if gw == nil {
		return nil, errors.New("buoynet: nil gateway")
	}
	if len(buoys) == 0 {
		return nil, errors.New("buoynet: no buoys configured")
	}
	seen := make(map[string]bool, len(buoys))
	for _, id := range buoys {
		if id == "" || seen[id] {
			return nil, fmt.Errorf("buoynet: bad or duplicate buoy id %q", id)
		}
		seen[id] = true
	}
	c := &Collector{
		gw:          gw,
		buoys:       append([]string(nil), buoys...),
		maxInFlight: 4,
		retries:     2,
		backoff:     200 * time.Millisecond,
		maxAge:      30 * time.Minute,
		log:         log.New(io.Discard, "", 0),
		now:         time.Now,
		lastGood:    make(map[string]Reading, len(buoys)),
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.maxInFlight < 1 {
		c.maxInFlight = 1
	}
	return c, nil
}

// SweepReport is the outcome of one pass over all buoys.
type SweepReport struct {
	StartedAt time.Time
	Good      []Reading
	Suspect   []Reading
	Offline   []string
	Rejected  map[string]error
}

// Sweep asks the gateway for the latest reading of every buoy, quality
// checks the answers and returns them grouped by verdict. Offline buoys and
// bad readings are reported, not treated as errors; a sweep fails only when
// the gateway refuses the collector or the context ends.
func (c *Collector) Sweep(ctx context.Context) (*SweepReport, error) {
	started := c.now()
	rep := &SweepReport{StartedAt: started, Rejected: make(map[string]error)}

	results := c.pollAll(ctx, c.buoys)
	for range c.buoys {
		res := <-results
		switch {
		case res.err == nil:
		case errors.Is(res.err, ErrBuoyOffline):
			rep.Offline = append(rep.Offline, res.buoyID)
			continue
		case errors.Is(res.err, ErrUnauthorized),
			errors.Is(res.err, context.Canceled),
			errors.Is(res.err, context.DeadlineExceeded):
			c.log.Printf("sweep aborted at %s after %d attempt(s): %v", res.buoyID, res.attempts, res.err)
			return nil, fmt.Errorf("buoynet: sweep aborted: %w", res.err)
		default:
			rep.Rejected[res.buoyID] = res.err
			continue
		}

		flag, err := qualityCheck(res.reading, started, c.maxAge)
		if err != nil {
			rep.Rejected[res.buoyID] = err
			continue
		}
		switch flag {
		case QCGood:
			rep.Good = append(rep.Good, res.reading)
		case QCSuspect:
			rep.Suspect = append(rep.Suspect, res.reading)
		default:
			rep.Rejected[res.buoyID] = fmt.Errorf("buoynet: %s: reading failed range check", res.buoyID)
		}
	}

	sort.Slice(rep.Good, func(i, j int) bool { return rep.Good[i].BuoyID < rep.Good[j].BuoyID })
	sort.Slice(rep.Suspect, func(i, j int) bool { return rep.Suspect[i].BuoyID < rep.Suspect[j].BuoyID })
	sort.Strings(rep.Offline)

	c.mu.Lock()
	for _, r := range rep.Good {
		c.lastGood[r.BuoyID] = r
	}
	c.sweeps++
	c.mu.Unlock()

	c.log.Printf("sweep %d: %d good, %d suspect, %d offline, %d rejected",
		c.Sweeps(), len(rep.Good), len(rep.Suspect), len(rep.Offline), len(rep.Rejected))
	return rep, nil
}

// LastGood returns the most recent good reading of a buoy.
func (c *Collector) LastGood(buoyID string) (Reading, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.lastGood[buoyID]
	return r, ok
}

// Sweeps returns the number of completed sweeps.
func (c *Collector) Sweeps() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sweeps
}
