package parentctx

import (
	"context"
	"sync"
)

// run: s, _ := Open(agentContext, "cpu"); s.Record(1); s.Close()

// Stream batches samples and hands them to a sink until it is closed.
type Stream struct {
	name   string
	in     chan float64
	cancel context.CancelFunc

	mu  sync.Mutex
	sum float64
}

// agentContext lives as long as the agent: streams opened with it outlive any request.
var agentContext = context.Background()

func connect(ctx context.Context, name string) error { return ctx.Err() }

func Open(ctx context.Context, name string) (*Stream, error) {
	sctx, cancel := context.WithCancel(ctx)
	if err := connect(sctx, name); err != nil {
		cancel()
		return nil, err
	}
	s := &Stream{name: name, in: make(chan float64, 8), cancel: cancel}
	go s.pump(ctx)
	return s, nil
}

func (s *Stream) Record(v float64) { s.in <- v }

func (s *Stream) pump(ctx context.Context) {
	for {
		select { // want "goroutine `pump` never stops: its loop ends only when `ctx` is done, and it was handed `ctx`, the parent of `sctx`"
		case v := <-s.in:
			s.mu.Lock()
			s.sum += v
			s.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

// Close stops the stream's pump.
func (s *Stream) Close() {
	s.cancel()
}
