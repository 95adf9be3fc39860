package ingest

import (
	"context"
	"fmt"
	"sync"
)

// Service routes frames to per-device workers. It is safe for concurrent use.
type Service struct {
	cfg Config

	ctx    context.Context // passed to Sink.Write; canceled by Close
	cancel context.CancelFunc

	mu       sync.Mutex
	workers  map[string]*worker
	closed   bool
	inflight sync.WaitGroup

	stopJanitor chan struct{}
	janitorDone chan struct{}
}

// New validates cfg and starts the service.
func New(cfg Config) (*Service, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{
		cfg:         cfg,
		ctx:         ctx,
		cancel:      cancel,
		workers:     make(map[string]*worker),
		stopJanitor: make(chan struct{}),
		janitorDone: make(chan struct{}),
	}
	go s.janitor(s.stopJanitor, s.janitorDone)
	return s, nil
}

// Ingest queues f for decoding. If the device's queue is full it returns an
// error wrapping ErrBackpressure, or, with Config.WaitWhenFull, waits for room
// until ctx is done.
func (s *Service) Ingest(ctx context.Context, f Frame) error {
	w, err := s.acquire(f)
	if err != nil {
		return err
	}
	defer s.release(w)

	select {
	case w.in <- f:
		return nil
	default:
	}
	if !s.cfg.WaitWhenFull {
		return fmt.Errorf("device %s: %w", f.DeviceID, ErrBackpressure)
	}
	select {
	case w.in <- f:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("device %s: %w (%v)", f.DeviceID, ErrBackpressure, ctx.Err())
	}
}

// acquire returns the worker for f's device, starting one if needed, and
// registers the caller as a sender so the worker is neither retired nor
// closed while the caller may still send to it.
func (s *Service) acquire(f Frame) (*worker, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	w, ok := s.workers[f.DeviceID]
	if !ok {
		dec, err := s.cfg.Registry.NewDecoder(f.Model)
		if err != nil {
			return nil, fmt.Errorf("device %s model %q: %w: %v", f.DeviceID, f.Model, ErrNoDecoder, err)
		}
		w = newWorker(f.DeviceID, dec, s.cfg.QueueSize)
		s.workers[f.DeviceID] = w
		go w.run(s.ctx, s.cfg.Sink, s.cfg.Observer)
	}
	w.senders++
	w.lastSeen = s.cfg.Clock.Now()
	s.inflight.Add(1)
	return w, nil
}

func (s *Service) release(w *worker) {
	s.mu.Lock()
	w.senders--
	s.mu.Unlock()
	s.inflight.Done()
}

// Devices returns the number of devices with a live worker.
func (s *Service) Devices() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.workers)
}

// Close stops accepting frames, lets the workers drain their queues and
// waits for them to finish.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()

	s.inflight.Wait()
	close(s.stopJanitor)
	<-s.janitorDone

	s.mu.Lock()
	workers := s.workers
	s.workers = nil
	s.mu.Unlock()
	for _, w := range workers {
		close(w.in)
	}
	for _, w := range workers {
		<-w.done
	}
	s.cancel()
	return nil
}
