package boarding

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config describes the gate for one sailing.
type Config struct {
	Sailing         string
	Lanes           []Lane
	FootCapacity    int
	VehicleCapacity int
	ScanTimeout     time.Duration
	Logger          *log.Logger
}

// Gate scans tickets for a sailing across several lanes.
type Gate struct {
	validator Validator
	cfg       Config
	log       *log.Logger

	mu      sync.Mutex
	boarded map[string]bool
}

// NewGate checks the configuration and returns a gate ready for boarding.
func NewGate(v Validator, cfg Config) (*Gate, error) {
	if v == nil {
		return nil, errors.New("boarding: nil validator")
	}
	if cfg.Sailing == "" {
		return nil, errors.New("boarding: sailing is required")
	}
	open := map[LaneKind]int{}
	for _, l := range cfg.Lanes {
		if !l.Closed {
			open[l.Kind]++
		}
	}
	if open[FootLane] == 0 || open[VehicleLane] == 0 {
		return nil, fmt.Errorf("boarding %s: need an open foot lane and an open vehicle lane, have %v", cfg.Sailing, open)
	}
	if cfg.ScanTimeout <= 0 {
		cfg.ScanTimeout = 3 * time.Second
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	return &Gate{validator: v, cfg: cfg, log: logger, boarded: make(map[string]bool)}, nil
}

// Board scans every passenger in the queue and returns the manifest. It
// returns early with a partial manifest if ctx is done, for example when the
// vessel has to leave.
func (g *Gate) Board(ctx context.Context, queue []Passenger) (*Manifest, error) {
	queues := map[LaneKind]chan Passenger{
		FootLane:    make(chan Passenger),
		VehicleLane: make(chan Passenger),
	}
	results := make(chan scanResult)

	var wg sync.WaitGroup
	for _, lane := range g.cfg.Lanes {
		if lane.Closed {
			g.log.Printf("boarding %s: lane %s closed", g.cfg.Sailing, lane.ID)
			continue
		}
		wg.Add(1)
		go func(l Lane) {
			defer wg.Done()
			g.runLane(ctx, l, queues[l.Kind], results)
		}(lane)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	go g.dispatch(ctx, queue, queues)

	m := &Manifest{Sailing: g.cfg.Sailing}
	for pending := len(queue); pending > 0; pending-- {
		select {
		case r, ok := <-results:
			if !ok {
				return m, fmt.Errorf("boarding %s: lanes stopped with %d passengers unscanned", g.cfg.Sailing, pending)
			}
			g.record(m, r)
		case <-ctx.Done():
			return m, fmt.Errorf("boarding %s: %w", g.cfg.Sailing, ctx.Err())
		}
	}
	g.log.Print(m.Summary())
	return m, nil
}

// dispatch sends each passenger to the queue for their kind of lane.
func (g *Gate) dispatch(ctx context.Context, queue []Passenger, queues map[LaneKind]chan Passenger) {
	defer func() {
		for _, q := range queues {
			close(q)
		}
	}()
	for _, p := range queue {
		select {
		case queues[p.kind()] <- p:
		case <-ctx.Done():
			return
		}
	}
}

func (g *Gate) runLane(ctx context.Context, lane Lane, in <-chan Passenger, out chan<- scanResult) {
	for p := range in {
		r := scanResult{passenger: p, lane: lane.ID}
		r.pass, r.err = g.scan(ctx, p)
		r.at = time.Now()
		select {
		case out <- r:
		case <-ctx.Done():
			return
		}
	}
}

func (g *Gate) scan(ctx context.Context, p Passenger) (Pass, error) {
	ctx, cancel := context.WithTimeout(ctx, g.cfg.ScanTimeout)
	defer cancel()

	pass, err := g.validator.Validate(ctx, p.Ticket)
	if err != nil {
		return Pass{}, err
	}
	if pass.Sailing != g.cfg.Sailing {
		return pass, fmt.Errorf("%w (%s)", errWrongSailing, pass.Sailing)
	}
	if p.Plate != "" && p.Plate != pass.Plate {
		return pass, fmt.Errorf("%w: %s booked, %s presented", errPlateMismatch, pass.Plate, p.Plate)
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	if g.boarded[p.Ticket] {
		return pass, errAlreadyIn
	}
	g.boarded[p.Ticket] = true
	return pass, nil
}

func (g *Gate) record(m *Manifest, r scanResult) {
	err := r.err
	if err == nil {
		switch {
		case r.passenger.Plate != "" && m.Vehicles >= g.cfg.VehicleCapacity:
			err = errVesselFull
		case r.passenger.Plate == "" && m.Foot >= g.cfg.FootCapacity:
			err = errVesselFull
		}
	}
	if err != nil {
		g.log.Printf("boarding %s: lane %s denied %s: %v", g.cfg.Sailing, r.lane, r.passenger.Ticket, err)
		m.Denied = append(m.Denied, Denial{Passenger: r.passenger, Lane: r.lane, Reason: err.Error()})
		return
	}
	if r.passenger.Plate != "" {
		m.Vehicles++
	} else {
		m.Foot++
	}
	m.Boarded = append(m.Boarded, Boarded{Passenger: r.passenger, Lane: r.lane, Deck: r.pass.Deck, At: r.at})
}
