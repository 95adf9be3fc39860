package sequencer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config tunes a Sequencer.
type Config struct {
	Lanes       int           // cues that may fire at the same time
	FireTimeout time.Duration // per-cue deadline handed to the device
}

// Option customises a Sequencer.
type Option func(*Sequencer)

// WithLogger sets the logger used for cue failures.
func WithLogger(l *log.Logger) Option { return func(s *Sequencer) { s.log = l } }

// Errors returned by the sequencer.
var (
	ErrClosed        = errors.New("sequencer: closed")
	ErrUnknownDevice = errors.New("sequencer: unknown device")
)

// Sequencer fires queued cues on a fixed pool of lanes. Cues for the same
// device are fired one at a time and in queue order; cues for different
// devices run in parallel.
type Sequencer struct {
	cfg     Config
	log     *log.Logger
	devices map[string]Device

	mu       sync.Mutex
	work     *sync.Cond // a cue was queued, a device was released, or closing
	idle     *sync.Cond // nothing queued and nothing in flight
	queue    []Cue
	busy     map[string]bool
	inflight int
	results  []Result
	started  bool
	closed   bool
}

// New returns a sequencer driving the given devices.
func New(cfg Config, devices []Device, opts ...Option) (*Sequencer, error) {
	if cfg.Lanes <= 0 {
		cfg.Lanes = 4
	}
	if cfg.FireTimeout <= 0 {
		cfg.FireTimeout = 2 * time.Second
	}
	s := &Sequencer{
		cfg:     cfg,
		log:     log.New(io.Discard, "", 0),
		devices: make(map[string]Device, len(devices)),
		busy:    make(map[string]bool),
	}
	for _, d := range devices {
		if _, dup := s.devices[d.Name()]; dup {
			return nil, fmt.Errorf("sequencer: device %q registered twice", d.Name())
		}
		s.devices[d.Name()] = d
	}
	s.work = sync.NewCond(&s.mu)
	s.idle = sync.NewCond(&s.mu)
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Start launches the lanes. ctx bounds every cue fired by them.
func (s *Sequencer) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	for i := 0; i < s.cfg.Lanes; i++ {
		go s.lane(ctx, i)
	}
}

// Enqueue adds a cue to the back of the queue.
func (s *Sequencer) Enqueue(c Cue) error {
	if _, ok := s.devices[c.Device]; !ok {
		return fmt.Errorf("%w %q (line %d)", ErrUnknownDevice, c.Device, c.Line)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.queue = append(s.queue, c)
	s.work.Signal()
	return nil
}

// next removes the first queued cue whose device is free. s.mu must be held.
func (s *Sequencer) next() (Cue, bool) {
	for i, c := range s.queue {
		if s.busy[c.Device] {
			continue
		}
		s.queue = append(s.queue[:i], s.queue[i+1:]...)
		return c, true
	}
	return Cue{}, false
}

func (s *Sequencer) lane(ctx context.Context, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		c, ok := s.next()
		for !ok && !(s.closed && len(s.queue) == 0) {
			s.work.Wait()
			c, ok = s.next()
		}
		if !ok {
			return
		}
		s.busy[c.Device] = true
		s.inflight++
		s.mu.Unlock()

		res := s.fire(ctx, id, c)

		s.mu.Lock()
		s.busy[c.Device] = false
		s.inflight--
		s.results = append(s.results, res)
		if len(s.queue) > 0 {
			s.work.Signal()
		} else if s.inflight == 0 {
			s.idle.Broadcast()
		}
	}
}

func (s *Sequencer) fire(ctx context.Context, lane int, c Cue) Result {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.FireTimeout)
	defer cancel()
	res := Result{Cue: c, Lane: lane, Started: time.Now()}
	res.Err = s.devices[c.Device].Fire(ctx, c)
	res.Finished = time.Now()
	if res.Err != nil {
		s.log.Printf("lane %d: %v (line %d) failed: %v", lane, c, c.Line, res.Err)
	}
	return res
}

// Drain blocks until the queue is empty and no cue is in flight, then
// returns and clears the results collected so far.
func (s *Sequencer) Drain() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	for (len(s.queue) > 0 || s.inflight > 0) && !s.closed {
		s.idle.Wait()
	}
	out := s.results
	s.results = nil
	return out
}

// Close stops accepting cues. Cues already queued are still fired.
func (s *Sequencer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.work.Broadcast()
	s.idle.Broadcast()
}
