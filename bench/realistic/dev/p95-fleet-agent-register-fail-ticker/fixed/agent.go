package agent

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Heartbeat is what the agent reports about its host.
type Heartbeat struct {
	Host       string
	Seq        int
	Goroutines int
	Uptime     time.Duration
}

// ControlPlane is the fleet manager's API.
type ControlPlane interface {
	Register(ctx context.Context, host string, labels map[string]string) error
	Beat(ctx context.Context, hb Heartbeat) error
}

// Agent registers a host with the control plane and sends heartbeats.
type Agent struct {
	cp       ControlPlane
	host     string
	labels   map[string]string
	interval time.Duration
	started  time.Time

	mu      sync.Mutex
	running bool
	seq     int
	misses  int
	stop    chan struct{}
	done    chan struct{}
}

// New returns an agent for host that beats every interval.
func New(cp ControlPlane, host string, labels map[string]string, interval time.Duration) *Agent {
	return &Agent{cp: cp, host: host, labels: labels, interval: interval}
}

// Start begins heartbeating and registers the host. If registration fails
// the agent is not running and Start returns the error.
func (a *Agent) Start(ctx context.Context) error {
	a.mu.Lock()
	a.stop = make(chan struct{})
	a.done = make(chan struct{})
	a.started = time.Now()
	a.mu.Unlock()

	if err := a.cp.Register(ctx, a.host, a.labels); err != nil {
		return fmt.Errorf("agent: register %s: %w", a.host, err)
	}
	a.mu.Lock()
	a.running = true
	a.mu.Unlock()

	go a.loop(a.stop, a.done)
	return nil
}

func (a *Agent) loop(stop, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(a.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.beat()
		case <-stop:
			return
		}
	}
}

func (a *Agent) beat() {
	a.mu.Lock()
	a.seq++
	hb := Heartbeat{Host: a.host, Seq: a.seq, Goroutines: runtime.NumGoroutine(), Uptime: time.Since(a.started)}
	a.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), a.interval)
	defer cancel()
	if err := a.cp.Beat(ctx, hb); err != nil {
		a.mu.Lock()
		a.misses++
		a.mu.Unlock()
	}
}

// Stop ends heartbeating. It is safe to call on an agent that is not running.
func (a *Agent) Stop() {
	a.mu.Lock()
	if !a.running {
		a.mu.Unlock()
		return
	}
	a.running = false
	stop, done := a.stop, a.done
	a.mu.Unlock()
	close(stop)
	<-done
}
