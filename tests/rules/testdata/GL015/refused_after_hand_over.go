package refusedafterhandover

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// run: m := NewMux(func(context.Context, string) error { return errDenied }); _, _ = m.Open(context.Background(), "a"); done := make(chan struct{}); go func() { m.Close(); close(done) }(); select { case <-done: case <-time.After(20 * time.Millisecond): }

var (
	ErrClosed = errors.New("mux closed")
	errDenied = errors.New("denied")
)

type Tunnel struct{ name string }

// Mux opens tunnels and keeps each alive on a goroutine of its own.
type Mux struct {
	mu      sync.Mutex
	closed  bool
	dial    func(ctx context.Context, name string) error
	running sync.WaitGroup
	opened  time.Time
}

func NewMux(dial func(context.Context, string) error) *Mux {
	return &Mux{dial: dial, opened: time.Now()}
}

// Open counts the tunnel in before dialling, so that Close waits for a dial in flight.
func (m *Mux) Open(ctx context.Context, name string) (*Tunnel, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, ErrClosed
	}
	m.running.Add(1)
	m.mu.Unlock()

	if err := m.dial(ctx, name); err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}

	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		m.running.Done()
		return nil, ErrClosed
	}
	m.mu.Unlock()
	t := &Tunnel{name: name}
	go m.keepAlive(t)
	return t, nil
}

func (m *Mux) keepAlive(t *Tunnel) {
	defer m.running.Done()
	_ = t
}

// Close stops accepting tunnels and waits for the running ones.
func (m *Mux) Close() {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.running.Wait() // want "`m.running.Wait\\(\\)` never returns once `Open` has refused work"
}
