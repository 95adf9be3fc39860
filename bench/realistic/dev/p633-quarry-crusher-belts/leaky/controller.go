package belts

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

var (
	ErrUnknownBelt = errors.New("belts: unknown belt")
	ErrNotRunning  = errors.New("belts: belt not running")
	ErrBeltTripped = errors.New("belts: belt tripped")
)

type beltState struct {
	spec       BeltSpec
	running    bool
	tripReason string
	tonnes     float64
}

// ShiftReport summarises what a belt carried during a monitored shift.
type ShiftReport struct {
	Belt       string
	Samples    int
	Tonnes     float64
	PeakTPH    float64
	ReadErrors int
}

// Controller sequences and supervises the conveyors of a crushing circuit.
type Controller struct {
	cfg   Config
	scale Scale
	drive Drive
	log   Logger
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	belts map[string]*beltState
}

// New validates cfg and returns a Controller for the configured belts.
func New(cfg Config, scale Scale, drive Drive, opts ...Option) (*Controller, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Controller{
		cfg:   cfg,
		scale: scale,
		drive: drive,
		log:   discardLogger(),
		sleep: sleepCtx,
		belts: make(map[string]*beltState, len(cfg.Belts)),
	}
	for _, o := range opts {
		o(c)
	}
	for _, b := range cfg.Belts {
		c.belts[b.ID] = &beltState{spec: b}
	}
	return c, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// depth is the number of belts between b and the stockpile.
func (c *Controller) depth(id string) int {
	n := 0
	for next := c.belts[id].spec.Downstream; next != ""; next = c.belts[next].spec.Downstream {
		n++
	}
	return n
}

// startOrder lists belts so that every belt comes after the one it discharges onto.
func (c *Controller) startOrder() []BeltSpec {
	order := make([]BeltSpec, 0, len(c.cfg.Belts))
	order = append(order, c.cfg.Belts...)
	sort.SliceStable(order, func(i, j int) bool {
		return c.depth(order[i].ID) < c.depth(order[j].ID)
	})
	return order
}

// StartLine starts every belt, stockpile end first, so no belt ever
// discharges onto a stopped one. On failure the belts already started are
// stopped again in reverse order.
func (c *Controller) StartLine(ctx context.Context) error {
	order := c.startOrder()
	for i, b := range order {
		if err := c.drive.Start(ctx, b.ID); err != nil {
			c.log.Printf("belts: start %s failed: %v; stopping line", b.ID, err)
			c.stopBelts(context.Background(), order[:i])
			return fmt.Errorf("belts: start %s: %w", b.ID, err)
		}
		c.mu.Lock()
		st := c.belts[b.ID]
		st.running = true
		st.tripReason = ""
		c.mu.Unlock()
		c.log.Printf("belts: %s running", b.ID)
		if err := c.sleep(ctx, b.StartDelay); err != nil {
			c.stopBelts(context.Background(), order[:i+1])
			return err
		}
	}
	return nil
}

// StopLine stops every belt, feed end first, so belts run empty before the
// ones below them stop.
func (c *Controller) StopLine(ctx context.Context) error {
	return c.stopBelts(ctx, c.startOrder())
}

func (c *Controller) stopBelts(ctx context.Context, started []BeltSpec) error {
	var first error
	failed := 0
	for i := len(started) - 1; i >= 0; i-- {
		id := started[i].ID
		if err := c.drive.Stop(ctx, id); err != nil {
			c.log.Printf("belts: stop %s: %v", id, err)
			if first == nil {
				first = fmt.Errorf("belts: stop %s: %w", id, err)
			}
			failed++
			continue
		}
		c.mu.Lock()
		c.belts[id].running = false
		c.mu.Unlock()
	}
	if failed > 1 {
		return fmt.Errorf("%w (and %d more)", first, failed-1)
	}
	return first
}

// upstreamOf returns every belt whose material eventually lands on id.
func (c *Controller) upstreamOf(id string) []string {
	var ups []string
	for other := range c.belts {
		for next := c.belts[other].spec.Downstream; next != ""; next = c.belts[next].spec.Downstream {
			if next == id {
				ups = append(ups, other)
				break
			}
		}
	}
	sort.Strings(ups)
	return ups
}

// trip emergency-stops a belt and everything feeding it.
func (c *Controller) trip(id, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range append([]string{id}, c.upstreamOf(id)...) {
		st := c.belts[b]
		if !st.running {
			continue
		}
		if err := c.drive.EmergencyStop(b, reason); err != nil {
			c.log.Printf("belts: emergency stop %s: %v", b, err)
		}
		st.running = false
		st.tripReason = reason
	}
	c.log.Printf("belts: %s tripped: %s", id, reason)
	return fmt.Errorf("%w: %s: %s", ErrBeltTripped, id, reason)
}

// MonitorShift follows the scale of one belt for a shift, totals the tonnage
// and trips the belt on sustained overload or stall.
func (c *Controller) MonitorShift(ctx context.Context, id string, shift Shift) (ShiftReport, error) {
	c.mu.Lock()
	st, ok := c.belts[id]
	running := ok && st.running
	c.mu.Unlock()
	if !ok {
		return ShiftReport{}, fmt.Errorf("%w: %s", ErrUnknownBelt, id)
	}
	if !running {
		return ShiftReport{}, fmt.Errorf("%w: %s", ErrNotRunning, id)
	}

	rep := ShiftReport{Belt: id}
	limit := st.spec.CapacityTPH * c.cfg.OverloadFactor
	var over, slow, errRun int
	var last time.Time

	for r := range c.readings(ctx, id, shift) {
		if r.err != nil {
			rep.ReadErrors++
			errRun++
			if errRun > c.cfg.MaxReadErrors {
				return rep, fmt.Errorf("belts: %s scale: %w", id, r.err)
			}
			continue
		}
		errRun = 0
		s := r.sample
		if !last.IsZero() && s.At.After(last) {
			rep.Tonnes += s.TPH * s.At.Sub(last).Hours()
		}
		last = s.At
		rep.Samples++
		if s.TPH > rep.PeakTPH {
			rep.PeakTPH = s.TPH
		}

		if s.TPH > limit {
			over++
		} else {
			over = 0
		}
		if s.SpeedMPS < c.cfg.MinSpeedMPS {
			slow++
		} else {
			slow = 0
		}
		switch {
		case over >= c.cfg.OverloadSamples:
			return rep, c.trip(id, fmt.Sprintf("overload %.0f t/h above %.0f t/h", s.TPH, limit))
		case slow >= c.cfg.StallSamples:
			return rep, c.trip(id, fmt.Sprintf("stall at %.2f m/s", s.SpeedMPS))
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}

	c.mu.Lock()
	st.tonnes += rep.Tonnes
	c.mu.Unlock()
	return rep, nil
}

// Tonnes reports the total tonnage recorded for a belt over completed shifts.
func (c *Controller) Tonnes(id string) (float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.belts[id]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownBelt, id)
	}
	return st.tonnes, nil
}
