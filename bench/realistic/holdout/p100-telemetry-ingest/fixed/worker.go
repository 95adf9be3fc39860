package ingest

import (
	"context"
	"fmt"
	"time"
)

// worker decodes and stores the frames of one device, in arrival order.
type worker struct {
	deviceID string
	dec      Decoder
	in       chan Frame
	done     chan struct{}

	// Guarded by Service.mu.
	lastSeen time.Time
	senders  int // Ingest calls currently holding a reference
}

func newWorker(deviceID string, dec Decoder, queueSize int) *worker {
	return &worker{
		deviceID: deviceID,
		dec:      dec,
		in:       make(chan Frame, queueSize),
		done:     make(chan struct{}),
	}
}

// run processes frames until w.in is closed.
func (w *worker) run(ctx context.Context, sink Sink, obs Observer) {
	defer close(w.done)
	for f := range w.in {
		points, err := w.dec.Decode(f.Payload, f.Received)
		if err != nil {
			obs.DecodeFailed(w.deviceID, fmt.Errorf("decode %s frame: %w", f.Model, err))
			continue
		}
		if len(points) == 0 {
			continue
		}
		if err := sink.Write(ctx, w.deviceID, points); err != nil {
			obs.WriteFailed(w.deviceID, fmt.Errorf("write %d points: %w", len(points), err))
		}
	}
}

// janitor periodically retires idle workers until stop is closed.
func (s *Service) janitor(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := s.cfg.Clock.NewTicker(s.cfg.IdleTimeout / 2)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C():
			s.retireIdle()
		}
	}
}

// retireIdle removes workers that have been idle for longer than the idle
// timeout and have no Ingest call in flight. A later frame for the same
// device starts a fresh worker.
func (s *Service) retireIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Clock.Now()
	for id, w := range s.workers {
		if w.senders > 0 || now.Sub(w.lastSeen) < s.cfg.IdleTimeout {
			continue
		}
		delete(s.workers, id)
		close(w.in)
		s.cfg.Observer.WorkerRetired(id)
	}
}
