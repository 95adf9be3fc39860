package probes

import (
	"context"
	"sync"
	"time"
)

// probe checks one endpoint on an interval until stopped.
type probe struct {
	every  time.Duration
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func newProbe(every time.Duration) *probe {
	ctx, cancel := context.WithCancel(context.Background())
	return &probe{every: every, ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// stop cancels the probe and waits for it to return.
func (p *probe) stop() {
	p.cancel()
	<-p.done
}

func (p *probe) run() {
	defer close(p.done)
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Monitor keeps one probe per endpoint.
type Monitor struct {
	mu     sync.Mutex
	probes map[string]*probe
}

// NewMonitor returns a monitor with no probes.
func NewMonitor() *Monitor { return &Monitor{probes: make(map[string]*probe)} }

// Watch (re)starts the endpoint's probe at the given interval.
func (m *Monitor) Watch(endpoint string, every time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.probes[endpoint]; ok {
		if cur.every == every {
			return
		}
		cur.stop()
	}
	p := newProbe(every)
	m.probes[endpoint] = p
	go p.run()
}

// Close stops every probe.
func (m *Monitor) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for endpoint, p := range m.probes {
		p.stop()
		delete(m.probes, endpoint)
	}
}
