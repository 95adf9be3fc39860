package crushpad

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config configures a weigh-in Station.
type Config struct {
	Scale         Scale
	TareKg        float64       // empty crate weight
	MinBrix       float64       // crates below this are sent back
	MaxRotPercent float64       // a crate above this quarantines its block
	LaneBuffer    int           // crates queued per block before Submit blocks
	WeighTimeout  time.Duration // per-crate scale timeout
	Logger        Logger
}

func (c *Config) setDefaults() error {
	if c.Scale == nil {
		return errors.New("crushpad: config needs a Scale")
	}
	if c.TareKg <= 0 {
		c.TareKg = 1.8
	}
	if c.MaxRotPercent <= 0 {
		c.MaxRotPercent = 5
	}
	if c.LaneBuffer <= 0 {
		c.LaneBuffer = 16
	}
	if c.WeighTimeout <= 0 {
		c.WeighTimeout = 3 * time.Second
	}
	if c.Logger == nil {
		c.Logger = nopLogger{}
	}
	return nil
}

// Station is the crush-pad weigh-in: crates are inspected on arrival and
// weighed per block, and the totals feed the grower payment sheet.
type Station struct {
	cfg Config
	ctx context.Context

	mu          sync.Mutex
	closed      bool
	lanes       map[string]*lane
	quarantined map[string]*lane
}

// NewStation returns a station ready to take crates. ctx bounds the scale
// calls of all lanes.
func NewStation(ctx context.Context, cfg Config) (*Station, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	return &Station{
		cfg:         cfg,
		ctx:         ctx,
		lanes:       make(map[string]*lane),
		quarantined: make(map[string]*lane),
	}, nil
}

// Submit inspects a crate and queues it for weighing on its block's lane.
// A crate with too much rot quarantines the whole block: that crate and all
// later crates of the block are refused until the block is re-sorted.
func (s *Station) Submit(c Crate) error {
	if err := c.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrStationClosed
	}
	if l, ok := s.quarantined[c.Block]; ok {
		l.reject(false)
		return fmt.Errorf("%w: %s (crate %s)", ErrBlockQuarantined, c.Block, c.ID)
	}

	l, ok := s.lanes[c.Block]
	if !ok {
		l = newLane(c.Block, s.cfg.LaneBuffer, s.cfg.Scale, s.cfg.TareKg, s.cfg.WeighTimeout, s.cfg.Logger)
		s.lanes[c.Block] = l
		go l.run(s.ctx)
	}

	switch {
	case c.RotPercent > s.cfg.MaxRotPercent:
		l.reject(true)
		delete(s.lanes, c.Block)
		s.quarantined[c.Block] = l
		s.cfg.Logger.Printf("block %s quarantined: crate %s shows %.0f%% rot", c.Block, c.ID, c.RotPercent)
		return fmt.Errorf("%w: %s (crate %s, %.0f%% rot)", ErrBlockQuarantined, c.Block, c.ID, c.RotPercent)
	case c.Brix < s.cfg.MinBrix:
		l.reject(false)
		return fmt.Errorf("%w: crate %s at %.1f brix", ErrUnderripe, c.ID, c.Brix)
	}
	l.in <- c
	return nil
}

// Release lifts the quarantine of a block after it has been re-sorted in the
// field; its earlier tally is kept.
func (s *Station) Release(block string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.quarantined[block]
	if !ok {
		return fmt.Errorf("crushpad: block %s is not quarantined", block)
	}
	delete(s.quarantined, block)
	l.mu.Lock()
	l.tally.Quarantined = false
	l.mu.Unlock()
	s.lanes[block] = l
	return nil
}

// Close stops taking crates, waits until every queued crate is weighed and
// returns the final tallies, sorted by block.
func (s *Station) Close() []BlockTally {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.Tallies()
	}
	s.closed = true
	pending := make([]*lane, 0, len(s.lanes))
	for _, l := range s.lanes {
		close(l.in)
		pending = append(pending, l)
	}
	s.mu.Unlock()

	for _, l := range pending {
		<-l.done
	}
	return s.Tallies()
}

// Tallies returns the current totals of every block seen so far.
func (s *Station) Tallies() []BlockTally {
	s.mu.Lock()
	out := make([]BlockTally, 0, len(s.lanes)+len(s.quarantined))
	for _, l := range s.lanes {
		out = append(out, l.snapshot())
	}
	for _, l := range s.quarantined {
		out = append(out, l.snapshot())
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Block < out[j].Block })
	return out
}
