package conveyor

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Config describes the line, listed from the face (upstream) to the shaft.
type Config struct {
	Segments []string
	// MaxRPM is the drive pulley limit.
	MaxRPM float64
	// TripAmps is the motor current that stops a segment.
	TripAmps float64
	// StartStagger is the pause between starting consecutive belts.
	StartStagger time.Duration
	// CommandTimeout bounds each drive command issued from an event.
	CommandTimeout time.Duration
	// ShutdownGrace bounds how long Close waits for the event loop.
	ShutdownGrace time.Duration
	Logger        *log.Logger
}

var (
	// ErrJammed is returned when a start is refused because of a jam.
	ErrJammed = errors.New("conveyor: segment jammed")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("conveyor: line closed")
	// ErrShutdownTimeout is returned when the event loop does not stop in time.
	ErrShutdownTimeout = errors.New("conveyor: event loop did not stop")
)

type segment struct {
	name    string
	running bool
	rpm     float64
	jammed  bool
	trips   int
}

// Line supervises a chain of belts.
type Line struct {
	cfg   Config
	drive Drive
	bus   SensorBus

	mu     sync.RWMutex
	order  []*segment
	byName map[string]*segment

	ctx      context.Context
	cancel   context.CancelFunc
	loopDone chan struct{}
}

// NewLine validates cfg and starts listening to the sensor bus.
func NewLine(cfg Config, drive Drive, bus SensorBus) (*Line, error) {
	if len(cfg.Segments) == 0 {
		return nil, errors.New("conveyor: no segments configured")
	}
	if drive == nil || bus == nil {
		return nil, errors.New("conveyor: drive and sensor bus are required")
	}
	if cfg.MaxRPM <= 0 {
		return nil, errors.New("conveyor: MaxRPM must be positive")
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 2 * time.Second
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}

	l := &Line{
		cfg:      cfg,
		drive:    drive,
		bus:      bus,
		byName:   make(map[string]*segment, len(cfg.Segments)),
		loopDone: make(chan struct{}),
	}
	for _, name := range cfg.Segments {
		if _, dup := l.byName[name]; dup {
			return nil, fmt.Errorf("conveyor: duplicate segment %q", name)
		}
		s := &segment{name: name}
		l.order = append(l.order, s)
		l.byName[name] = s
	}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	go l.watch()
	return l, nil
}

func (l *Line) watch() {
	defer close(l.loopDone)
	events := l.bus.Events()
	for {
		select {
		case <-l.ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				l.cfg.Logger.Printf("conveyor: sensor bus closed")
				return
			}
			l.handle(ev)
		}
	}
}

func (l *Line) handle(ev Event) {
	var toStop []string
	l.mu.Lock()
	s, ok := l.byName[ev.Segment]
	if !ok {
		l.mu.Unlock()
		l.cfg.Logger.Printf("conveyor: %s for unknown segment %q", ev.Kind, ev.Segment)
		return
	}
	switch ev.Kind {
	case Jam:
		s.jammed = true
		toStop = l.stopUpstreamLocked(s)
	case Overcurrent:
		if ev.Amps < l.cfg.TripAmps {
			break
		}
		s.trips++
		toStop = l.stopUpstreamLocked(s)
	case Cleared:
		s.jammed = false
	}
	l.mu.Unlock()

	if len(toStop) == 0 {
		l.cfg.Logger.Printf("conveyor: %s on %s", ev.Kind, ev.Segment)
		return
	}
	l.cfg.Logger.Printf("conveyor: %s on %s, stopping %v", ev.Kind, ev.Segment, toStop)
	for _, name := range toStop {
		ctx, cancel := context.WithTimeout(l.ctx, l.cfg.CommandTimeout)
		if err := l.drive.Stop(ctx, name); err != nil {
			l.cfg.Logger.Printf("conveyor: stop %s: %v", name, err)
		}
		cancel()
	}
}

// stopUpstreamLocked marks s and every running belt feeding it as stopped
// and returns them face-first, so nothing keeps loading a stalled belt.
func (l *Line) stopUpstreamLocked(s *segment) []string {
	var names []string
	for _, u := range l.order {
		if u.running {
			u.running = false
			u.rpm = 0
			names = append(names, u.name)
		}
		if u == s {
			break
		}
	}
	return names
}

// Status returns a snapshot of every segment, face first.
func (l *Line) Status() []SegmentStatus {
	l.mu.RLock()
	defer l.mu.RUnlock()
	out := make([]SegmentStatus, 0, len(l.order))
	for _, s := range l.order {
		out = append(out, SegmentStatus{Name: s.name, Running: s.running, RPM: s.rpm, Jammed: s.jammed, Trips: s.trips})
	}
	return out
}

// Close stops listening to the sensor bus. Belts are left as they are.
func (l *Line) Close() error {
	l.cancel()
	select {
	case <-l.loopDone:
		return nil
	case <-time.After(l.cfg.ShutdownGrace):
		return ErrShutdownTimeout
	}
}
