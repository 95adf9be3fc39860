// Package pluginhost launches out-of-process plugins, exchanges requests and
// responses with them over channels and restarts them when they crash.
package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Host.
var (
	ErrClosed        = errors.New("pluginhost: host closed")
	ErrUnknownPlugin = errors.New("pluginhost: unknown plugin")
	ErrGaveUp        = errors.New("pluginhost: plugin restarted too often")
)

// Config configures a Host.
type Config struct {
	// MaxRestarts is how many times a crashed plugin is restarted before
	// the host gives up on it. Defaults to 5.
	MaxRestarts int
	// Backoff returns the delay before restart number attempt (1-based).
	// Defaults to exponential backoff starting at 100ms.
	Backoff func(attempt int) time.Duration
	// QueueSize is the buffer of the request and response channels.
	QueueSize int
}

func defaultBackoff(attempt int) time.Duration {
	d := 100 * time.Millisecond
	for i := 1; i < attempt && d < 10*time.Second; i++ {
		d *= 2
	}
	return d
}

// Host owns a set of named plugins.
type Host struct {
	cfg      Config
	launcher Launcher
	quit     chan struct{}

	mu      sync.Mutex
	plugins map[string]*managed
	closed  bool
}

// New returns a Host that starts plugins with launcher.
func New(launcher Launcher, cfg Config) *Host {
	if cfg.MaxRestarts <= 0 {
		cfg.MaxRestarts = 5
	}
	if cfg.Backoff == nil {
		cfg.Backoff = defaultBackoff
	}
	return &Host{
		cfg:      cfg,
		launcher: launcher,
		quit:     make(chan struct{}),
		plugins:  make(map[string]*managed),
	}
}

// managed is a named plugin and its supervisor.
type managed struct {
	host *Host
	name string
	done chan struct{} // closed when the supervisor returns

	mu     sync.Mutex
	cur    *instance
	ready  chan struct{} // closed when cur is set or failed is set
	failed error
	gen    int
}

// Load launches the named plugin and keeps it running until Close.
func (h *Host) Load(ctx context.Context, name string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if _, ok := h.plugins[name]; ok {
		return fmt.Errorf("pluginhost: plugin %q already loaded", name)
	}
	m := &managed{host: h, name: name, done: make(chan struct{}), ready: make(chan struct{})}
	inst, err := m.launch(ctx)
	if err != nil {
		return err
	}
	h.plugins[name] = m
	go m.supervise(inst)
	return nil
}

// Call invokes method on the named plugin. If the plugin is being restarted,
// Call waits for the new instance or for ctx to be done.
func (h *Host) Call(ctx context.Context, name, method string, payload []byte) ([]byte, error) {
	h.mu.Lock()
	m, ok := h.plugins[name]
	h.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPlugin, name)
	}
	inst, err := m.instance(ctx)
	if err != nil {
		return nil, err
	}
	return inst.call(ctx, method, payload)
}

// Close stops every plugin and waits for their supervisors to return.
func (h *Host) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return ErrClosed
	}
	h.closed = true
	close(h.quit)
	plugins := make([]*managed, 0, len(h.plugins))
	for _, m := range h.plugins {
		plugins = append(plugins, m)
	}
	h.mu.Unlock()

	for _, m := range plugins {
		<-m.done
	}
	return nil
}

// launch starts a new incarnation of the plugin and makes it current.
func (m *managed) launch(ctx context.Context) (*instance, error) {
	p, err := m.host.launcher.Launch(ctx, m.name)
	if err != nil {
		return nil, fmt.Errorf("pluginhost: launch %s: %w", m.name, err)
	}
	m.mu.Lock()
	m.gen++
	inst := newInstance(m.name, m.gen, m.host.cfg.QueueSize)
	m.cur = inst
	close(m.ready)
	m.mu.Unlock()

	go inst.dispatch()
	go func() {
		err := p.Serve(inst.ctx, inst.reqs, inst.resps)
		m.detach(inst)
		inst.markExited(err)
	}()
	return inst, nil
}

// detach stops routing new calls to inst.
func (m *managed) detach(inst *instance) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == inst {
		m.cur = nil
		m.ready = make(chan struct{})
	}
}

func (m *managed) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failed = err
	select {
	case <-m.ready:
	default:
		close(m.ready)
	}
}

// instance returns the current instance, waiting while a restart is in
// progress.
func (m *managed) instance(ctx context.Context) (*instance, error) {
	for {
		m.mu.Lock()
		inst, ready, failed := m.cur, m.ready, m.failed
		m.mu.Unlock()
		if failed != nil {
			return nil, failed
		}
		if inst != nil {
			return inst, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// supervise restarts the plugin whenever its current instance exits, until
// the host is closed or the restart budget is spent.
func (m *managed) supervise(inst *instance) {
	defer close(m.done)
	h := m.host
	restarts := 0
	for {
		select {
		case <-inst.exited:
		case <-h.quit:
			m.detach(inst)
			inst.shutdown()
			m.fail(ErrClosed)
			return
		}
		inst.cancel()

		restarts++
		if restarts > h.cfg.MaxRestarts {
			m.fail(fmt.Errorf("%w: %s: %v", ErrGaveUp, m.name, inst.exitErr))
			return
		}
		timer := time.NewTimer(h.cfg.Backoff(restarts))
		select {
		case <-timer.C:
		case <-h.quit:
			timer.Stop()
			m.fail(ErrClosed)
			return
		}

		next, err := m.launch(context.Background())
		if err != nil {
			m.fail(err)
			return
		}
		inst = next
	}
}
