package fermentation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Errors returned by the Monitor.
var (
	ErrClosed      = errors.New("fermentation: monitor closed")
	ErrUnknownTank = errors.New("fermentation: no batch in tank")
	ErrTankBusy    = errors.New("fermentation: tank busy")
)

// Config configures a Monitor.
type Config struct {
	Notifier Notifier
	// FeedBuffer is the number of readings queued per tank before Record
	// blocks.
	FeedBuffer    int
	NotifyTimeout time.Duration
	Logger        *log.Logger
}

// Status is a snapshot of a tank.
type Status struct {
	TankID   string
	BatchID  string
	Phase    Phase
	Readings int
	Last     Reading
}

type tankStatus struct {
	mu  sync.Mutex
	cur Status
}

func (s *tankStatus) update(r Reading, ph Phase) {
	s.mu.Lock()
	s.cur.Readings++
	s.cur.Last = r
	s.cur.Phase = ph
	s.mu.Unlock()
}

func (s *tankStatus) snapshot() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// Monitor runs one watcher goroutine per occupied tank.
type Monitor struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.RWMutex
	closed  bool
	feeds   map[string]chan Reading
	stopped map[string]<-chan struct{}
	status  map[string]*tankStatus
}

// NewMonitor returns a Monitor with no tanks.
func NewMonitor(cfg Config) (*Monitor, error) {
	if cfg.Notifier == nil {
		return nil, errors.New("fermentation: Config.Notifier is required")
	}
	if cfg.FeedBuffer <= 0 {
		cfg.FeedBuffer = 16
	}
	if cfg.NotifyTimeout <= 0 {
		cfg.NotifyTimeout = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Monitor{
		cfg:     cfg,
		ctx:     ctx,
		cancel:  cancel,
		feeds:   make(map[string]chan Reading),
		stopped: make(map[string]<-chan struct{}),
		status:  make(map[string]*tankStatus),
	}, nil
}

// StartBatch starts watching tankID for batch b. A tank can take a new batch
// once the previous one is complete, which is how re-pitching onto the yeast
// cake is recorded.
func (m *Monitor) StartBatch(tankID string, b Batch) error {
	if err := b.validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if st, ok := m.status[tankID]; ok {
		if cur := st.snapshot(); cur.Phase != PhaseComplete {
			return fmt.Errorf("%w: %s holds batch %s (%s)", ErrTankBusy, tankID, cur.BatchID, cur.Phase)
		}
		close(m.feeds[tankID])
	}
	st := &tankStatus{cur: Status{TankID: tankID, BatchID: b.ID, Phase: PhaseLag}}
	m.feeds[tankID], m.stopped[tankID] = m.watch(newTracker(tankID, b), st)
	m.status[tankID] = st
	m.cfg.Logger.Printf("tank %s: watching batch %s (%s)", tankID, b.ID, b.Recipe)
	return nil
}

// watch starts the goroutine that evaluates the readings of one batch. It
// returns the feed for the readings and a channel closed when the goroutine
// has finished.
func (m *Monitor) watch(t *tracker, st *tankStatus) (chan Reading, <-chan struct{}) {
	feed := make(chan Reading, m.cfg.FeedBuffer)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for r := range feed {
			alerts, done := t.observe(r)
			st.update(r, t.phase)
			for _, a := range alerts {
				m.notify(func(ctx context.Context) error { return m.cfg.Notifier.Alert(ctx, a) })
			}
			if done != nil {
				m.cfg.Logger.Printf("tank %s: batch %s complete at %.3f (%.1f%% ABV)",
					done.TankID, done.BatchID, done.FinalGravity, done.ABV)
				m.notify(func(ctx context.Context) error { return m.cfg.Notifier.BatchComplete(ctx, *done) })
			}
		}
	}()
	return feed, stopped
}

func (m *Monitor) notify(send func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(m.ctx, m.cfg.NotifyTimeout)
	defer cancel()
	if err := send(ctx); err != nil {
		m.cfg.Logger.Printf("notify: %v", err)
	}
}

// Record queues a probe reading for its tank.
func (m *Monitor) Record(ctx context.Context, r Reading) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return ErrClosed
	}
	feed, ok := m.feeds[r.TankID]
	if !ok {
		return fmt.Errorf("%w %s", ErrUnknownTank, r.TankID)
	}
	select {
	case feed <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Status returns the current state of tankID.
func (m *Monitor) Status(tankID string) (Status, error) {
	m.mu.RLock()
	st, ok := m.status[tankID]
	m.mu.RUnlock()
	if !ok {
		return Status{}, fmt.Errorf("%w %s", ErrUnknownTank, tankID)
	}
	return st.snapshot(), nil
}

// Transfer stops watching tankID after its contents were moved to a
// conditioning tank, and returns the last status of the batch.
func (m *Monitor) Transfer(tankID string) (Status, error) {
	m.mu.Lock()
	feed, ok := m.feeds[tankID]
	if !ok {
		m.mu.Unlock()
		return Status{}, fmt.Errorf("%w %s", ErrUnknownTank, tankID)
	}
	stopped, st := m.stopped[tankID], m.status[tankID]
	close(feed)
	delete(m.feeds, tankID)
	delete(m.stopped, tankID)
	delete(m.status, tankID)
	m.mu.Unlock()

	<-stopped
	return st.snapshot(), nil
}

// Close stops every watcher after it has evaluated the readings already
// queued.
func (m *Monitor) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.closed = true
	waits := make([]<-chan struct{}, 0, len(m.feeds))
	for id, feed := range m.feeds {
		close(feed)
		waits = append(waits, m.stopped[id])
	}
	m.mu.Unlock()

	for _, w := range waits {
		<-w
	}
	m.cancel()
	return nil
}
