package doormon

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrUnknownDoor is returned for doors not fitted to this consist.
var ErrUnknownDoor = errors.New("unknown door")

// Sensor reads all door controllers on the consist.
type Sensor interface {
	ReadAll(ctx context.Context) ([]Reading, error)
}

// Motion reports the vehicle speed from the traction controller.
type Motion interface {
	SpeedKmh() float64
}

// AlertSink receives alerts, e.g. the driver's display and depot uplink.
type AlertSink interface {
	Raise(Alert)
}

// Config configures a Monitor.
type Config struct {
	Doors            []DoorID
	PollInterval     time.Duration
	MaxDwell         time.Duration // door open longer than this at a stop
	ObstructionGrace time.Duration
	Now              func() time.Time
	Logger           *log.Logger
}

// Monitor polls the door controllers and keeps per-door state.
type Monitor struct {
	cfg    Config
	sensor Sensor
	motion Motion
	sink   AlertSink

	mu    sync.RWMutex
	doors map[DoorID]*DoorStatus

	cancel context.CancelFunc
	done   chan struct{}
}

// New starts a Monitor that polls until ctx is cancelled or Stop is called.
func New(ctx context.Context, cfg Config, s Sensor, m Motion, sink AlertSink) (*Monitor, error) {
	if len(cfg.Doors) == 0 {
		return nil, errors.New("doormon: no doors configured")
	}
	if s == nil || m == nil || sink == nil {
		return nil, errors.New("doormon: sensor, motion and sink are required")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 100 * time.Millisecond
	}
	if cfg.MaxDwell <= 0 {
		cfg.MaxDwell = 90 * time.Second
	}
	if cfg.ObstructionGrace <= 0 {
		cfg.ObstructionGrace = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}

	ctx, cancel := context.WithCancel(ctx)
	mon := &Monitor{
		cfg: cfg, sensor: s, motion: m, sink: sink,
		doors:  make(map[DoorID]*DoorStatus, len(cfg.Doors)),
		cancel: cancel,
		done:   make(chan struct{}),
	}
	now := cfg.Now()
	for _, id := range cfg.Doors {
		mon.doors[id] = &DoorStatus{Door: id, State: Unknown, Since: now}
	}
	go mon.run(ctx)
	return mon, nil
}

// Stop asks the polling loop to end. Done is closed once it has.
func (m *Monitor) Stop() { m.cancel() }

// Done is closed when the polling loop has exited.
func (m *Monitor) Done() <-chan struct{} { return m.done }

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	t := time.NewTicker(m.cfg.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.poll(ctx)
		}
	}
}

func (m *Monitor) poll(ctx context.Context) {
	readings, err := m.sensor.ReadAll(ctx)
	if err != nil {
		m.cfg.Logger.Printf("doormon: read failed: %v", err)
		return
	}
	speed := m.motion.SpeedKmh()
	now := m.cfg.Now()

	var alerts []Alert
	m.mu.Lock()
	for _, r := range readings {
		st, ok := m.doors[r.Door]
		if !ok {
			continue
		}
		if a, raise := m.applyLocked(st, r, speed, now); raise {
			alerts = append(alerts, a)
		}
	}
	m.mu.Unlock()

	for _, a := range alerts {
		m.cfg.Logger.Printf("doormon: %s", a)
		m.sink.Raise(a)
	}
}

// applyLocked folds one reading into the door status and decides whether
// an alert is due. m.mu must be held for writing.
func (m *Monitor) applyLocked(st *DoorStatus, r Reading, speed float64, now time.Time) (Alert, bool) {
	next := r.state()
	if next != st.State {
		if st.State == Open && (next == Closed || next == Locked) {
			st.Cycles++
		}
		st.State, st.Since = next, now
		st.LastAlert = NoAlert
	}

	kind := NoAlert
	switch {
	case st.State != Locked && speed > 3:
		kind = OpenWhileMoving
	case st.State == Obstructed && now.Sub(st.Since) >= m.cfg.ObstructionGrace:
		kind = ObstructionHeld
	case st.State == Open && now.Sub(st.Since) >= m.cfg.MaxDwell:
		kind = DwellExceeded
	}
	if kind == NoAlert || kind == st.LastAlert {
		return Alert{}, false
	}
	st.LastAlert = kind
	return Alert{Kind: kind, Door: st.Door, At: now, SpeedKmh: speed,
		Detail: fmt.Sprintf("%s for %s", st.State, now.Sub(st.Since).Round(time.Second))}, true
}

// Status returns the current status of one door.
func (m *Monitor) Status(id DoorID) (DoorStatus, error) {
	m.mu.RLock()
	st, ok := m.doors[id]
	if !ok {
		m.mu.RUnlock()
		return DoorStatus{}, fmt.Errorf("%w %q (consist has %d doors)", ErrUnknownDoor, id, len(m.doors))
	}
	out := *st
	m.mu.RUnlock()
	return out, nil
}

// Snapshot returns the status of every door, sorted by door id.
func (m *Monitor) Snapshot() []DoorStatus {
	m.mu.RLock()
	out := make([]DoorStatus, 0, len(m.doors))
	for _, st := range m.doors {
		out = append(out, *st)
	}
	m.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Door < out[j].Door })
	return out
}

// ReadyToDepart is the traction interlock: every door closed and locked.
func (m *Monitor) ReadyToDepart() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, st := range m.doors {
		if st.State != Locked {
			return false
		}
	}
	return true
}
