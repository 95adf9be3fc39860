package fermenter

import (
	"context"
	"errors"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config controls polling and delivery.
type Config struct {
	PollInterval  time.Duration
	ReadTimeout   time.Duration
	NotifyTimeout time.Duration
	FeedBuffer    int
	Logger        *log.Logger
}

// Monitor polls the probes of every tracked vessel and feeds each batch's
// tracker.
type Monitor struct {
	cfg    Config
	probe  Probe
	notify Notifier

	mu       sync.Mutex
	vessels  map[string]*tracker
	stopped  bool
	cancel   context.CancelFunc
	pollDone chan struct{}
}

// New returns a monitor. Call Start to begin polling.
func New(p Probe, n Notifier, cfg Config) (*Monitor, error) {
	if p == nil || n == nil {
		return nil, errors.New("fermenter: probe and notifier are required")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 30 * time.Second
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = 5 * time.Second
	}
	if cfg.NotifyTimeout <= 0 {
		cfg.NotifyTimeout = 10 * time.Second
	}
	if cfg.FeedBuffer <= 0 {
		cfg.FeedBuffer = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Monitor{cfg: cfg, probe: p, notify: n, vessels: make(map[string]*tracker)}, nil
}

// Track starts following a batch pitched into vessel.
func (m *Monitor) Track(vessel string, batch BatchSpec) error {
	if err := batch.validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	if _, busy := m.vessels[vessel]; busy {
		return ErrVesselBusy
	}
	t := m.newTracker(vessel, batch, nil)
	m.vessels[vessel] = t
	go t.run()
	m.cfg.Logger.Printf("tracking batch %s (%s) in %s", batch.ID, batch.Style, vessel)
	return nil
}

// Transfer records racking a batch from one vessel into another, e.g. from a
// fermenter to a brite tank. The batch history carries over to the new vessel.
func (m *Monitor) Transfer(from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	src, ok := m.vessels[from]
	if !ok {
		return ErrUnknownVessel
	}
	if _, busy := m.vessels[to]; busy {
		return ErrVesselBusy
	}
	carry := src.snapshot()
	dst := m.newTracker(to, src.batch, &carry)
	delete(m.vessels, from)
	close(src.feed)
	m.vessels[to] = dst
	go dst.run()
	m.cfg.Logger.Printf("batch %s racked from %s to %s after %d samples", src.batch.ID, from, to, carry.Samples)
	return nil
}

// Release stops tracking a vessel (batch packaged or dumped) and returns the
// final summary.
func (m *Monitor) Release(vessel string) (Summary, error) {
	m.mu.Lock()
	t, ok := m.vessels[vessel]
	if ok {
		delete(m.vessels, vessel)
		close(t.feed)
	}
	m.mu.Unlock()
	if !ok {
		return Summary{}, ErrUnknownVessel
	}
	<-t.done
	return t.snapshot(), nil
}

// Status returns the current summary of every tracked vessel, sorted by vessel.
func (m *Monitor) Status() []Summary {
	m.mu.Lock()
	out := make([]Summary, 0, len(m.vessels))
	for _, t := range m.vessels {
		out = append(out, t.snapshot())
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Vessel < out[j].Vessel })
	return out
}

// Start begins polling until ctx is cancelled or Stop is called.
func (m *Monitor) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	m.mu.Lock()
	m.cancel = cancel
	m.pollDone = make(chan struct{})
	m.mu.Unlock()
	go m.poll(ctx)
}

// Stop halts polling and waits for every tracker to drain.
func (m *Monitor) Stop() {
	m.mu.Lock()
	if m.stopped {
		m.mu.Unlock()
		return
	}
	m.stopped = true
	cancel, pollDone := m.cancel, m.pollDone
	m.mu.Unlock()
	if cancel != nil {
		cancel()
		<-pollDone
	}

	m.mu.Lock()
	trackers := make([]*tracker, 0, len(m.vessels))
	for _, t := range m.vessels {
		close(t.feed)
		trackers = append(trackers, t)
	}
	m.vessels = map[string]*tracker{}
	m.mu.Unlock()
	for _, t := range trackers {
		<-t.done
	}
}

func (m *Monitor) poll(ctx context.Context) {
	defer close(m.pollDone)
	tick := time.NewTicker(m.cfg.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			m.pollOnce(ctx)
		}
	}
}

func (m *Monitor) pollOnce(ctx context.Context) {
	m.mu.Lock()
	names := make([]string, 0, len(m.vessels))
	for v := range m.vessels {
		names = append(names, v)
	}
	m.mu.Unlock()

	readings := make([]Reading, 0, len(names))
	for _, v := range names {
		rctx, cancel := context.WithTimeout(ctx, m.cfg.ReadTimeout)
		r, err := m.probe.Read(rctx, v)
		cancel()
		if err != nil {
			m.cfg.Logger.Printf("vessel %s: probe read: %v", v, err)
			continue
		}
		readings = append(readings, r)
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range readings {
		t, ok := m.vessels[r.Vessel]
		if !ok {
			continue
		}
		select {
		case t.feed <- r:
		default:
			t.dropped()
		}
	}
}
