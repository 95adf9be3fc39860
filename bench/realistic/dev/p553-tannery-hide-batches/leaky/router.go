package hidebatch

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

// Config configures a Router.
type Config struct {
	Dosing Dosing
	Ledger Ledger
	Logger *log.Logger

	// DrumCapacityKg is the maximum wet-salted load per drum run.
	DrumCapacityKg float64
	// RejectAt is the defect score at which a hide is rejected.
	RejectAt int
	// QueueDepth is how many batches may wait in front of a drum.
	QueueDepth int
	// Now is used for timestamps; defaults to time.Now.
	Now func() time.Time
}

func (c *Config) applyDefaults() error {
	if c.Dosing == nil {
		return errors.New("hidebatch: Config.Dosing is required")
	}
	if c.Ledger == nil {
		return errors.New("hidebatch: Config.Ledger is required")
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.DrumCapacityKg <= 0 {
		c.DrumCapacityKg = 2500
	}
	if c.RejectAt <= 0 {
		c.RejectAt = 12
	}
	if c.QueueDepth < 0 {
		return fmt.Errorf("hidebatch: negative queue depth %d", c.QueueDepth)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// Router sends incoming hide batches to a drum for their tanning process,
// starting drums on demand.
type Router struct {
	cfg Config

	mu       sync.Mutex
	drums    map[string]*drum
	seq      int
	closed   bool
	inflight sync.WaitGroup
}

// NewRouter validates cfg and returns a Router with no drums running.
func NewRouter(cfg Config) (*Router, error) {
	if err := cfg.applyDefaults(); err != nil {
		return nil, err
	}
	return &Router{cfg: cfg, drums: make(map[string]*drum)}, nil
}

// Tan runs a batch through the drum for its process and waits for the result.
func (r *Router) Tan(ctx context.Context, b Batch) (*Result, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	d, err := r.acquire(b.Process)
	if err != nil {
		return nil, fmt.Errorf("batch %s: %w", b.ID, err)
	}
	defer r.inflight.Done()

	req := request{ctx: ctx, batch: b, reply: make(chan reply, 1)}
	select {
	case d.in <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case rep := <-req.reply:
		return rep.res, rep.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (r *Router) acquire(process string) (*drum, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	d, ok := r.drums[process]
	if !ok {
		name, known := canonicalProcess(process)
		if !known {
			return nil, fmt.Errorf("%w: %q", ErrUnknownProcess, process)
		}
		d = r.startDrum(name)
		r.drums[name] = d
	}
	r.inflight.Add(1)
	return d, nil
}

func (r *Router) startDrum(process string) *drum {
	r.seq++
	d := &drum{
		name:       fmt.Sprintf("%s-%02d", process, r.seq),
		process:    process,
		capacityKg: r.cfg.DrumCapacityKg,
		rejectAt:   r.cfg.RejectAt,
		dosing:     r.cfg.Dosing,
		ledger:     r.cfg.Ledger,
		logger:     r.cfg.Logger,
		now:        r.cfg.Now,
		in:         make(chan request, r.cfg.QueueDepth),
		done:       make(chan struct{}),
	}
	go d.run()
	r.cfg.Logger.Printf("router: started drum %s", d.name)
	return d
}

// DrumStats is a snapshot of one running drum.
type DrumStats struct {
	Name    string
	Process string
	Loads   int64
}

// Stats lists the running drums ordered by process.
func (r *Router) Stats() []DrumStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]DrumStats, 0, len(r.drums))
	for _, d := range r.drums {
		out = append(out, DrumStats{Name: d.name, Process: d.process, Loads: d.loads.Load()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Process < out[j].Process })
	return out
}

// Close waits for batches in progress, then stops every drum.
func (r *Router) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	r.closed = true
	drums := make([]*drum, 0, len(r.drums))
	for _, d := range r.drums {
		drums = append(drums, d)
	}
	r.mu.Unlock()

	r.inflight.Wait()
	for _, d := range drums {
		close(d.in)
	}
	for _, d := range drums {
		<-d.done
	}
	r.cfg.Logger.Printf("router: stopped %d drums", len(drums))
	return nil
}
