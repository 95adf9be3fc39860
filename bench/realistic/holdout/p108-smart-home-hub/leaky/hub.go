// Package homehub coordinates smart home devices: it keeps their last known
// state, groups commands into scenes and runs automations that activate
// scenes in response to device events.
package homehub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by operations on a closed hub.
	ErrClosed = errors.New("homehub: hub closed")
	// ErrUnknownDevice is returned for device IDs the hub does not manage.
	ErrUnknownDevice = errors.New("homehub: unknown device")
	// ErrDuplicateDevice is returned when a device ID is already registered.
	ErrDuplicateDevice = errors.New("homehub: device already registered")
)

// Event is a state change reported by a device, such as a motion sensor
// going active or a bulb reporting its brightness.
type Event struct {
	DeviceID  string
	Attribute string
	Value     string
	Time      time.Time
}

// Command is an instruction for a device.
type Command struct {
	Attribute string
	Value     string
}

// Device is a driver for one physical device.
type Device interface {
	ID() string
	// Execute sends cmd to the device and waits for it to be acknowledged.
	Execute(ctx context.Context, cmd Command) error
	// Watch registers fn to receive the device's events. fn is called on
	// the driver's own goroutine. The returned function stops delivery.
	Watch(fn func(Event)) (stop func())
}

// StateStore persists the last reported state of each device attribute.
type StateStore interface {
	Save(ctx context.Context, ev Event) error
}

// Config configures a Hub.
type Config struct {
	// Store, if set, receives every device event.
	Store StateStore
	// QueueSize bounds the events buffered per device. Defaults to 64.
	QueueSize int
	// CommandTimeout bounds the handling of one event, including any
	// scenes it activates. Defaults to 10s.
	CommandTimeout time.Duration
	// OnError receives errors from background event handling.
	OnError func(error)
}

// Hub manages devices, scenes and automations. It is safe for concurrent
// use.
type Hub struct {
	cfg Config

	mu          sync.RWMutex
	closed      bool
	devices     map[string]*deviceHandle
	scenes      map[string]Scene
	automations []Automation
}

type deviceHandle struct {
	dev     Device
	events  *eventQueue
	unwatch func()
	done    chan struct{}
}

// New returns an empty hub.
func New(cfg Config) *Hub {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 64
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 10 * time.Second
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	return &Hub{
		cfg:     cfg,
		devices: make(map[string]*deviceHandle),
		scenes:  make(map[string]Scene),
	}
}

// AddDevice starts managing dev and processing its events.
func (h *Hub) AddDevice(dev Device) error {
	dh := &deviceHandle{
		dev:    dev,
		events: newEventQueue(h.cfg.QueueSize),
		done:   make(chan struct{}),
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if _, ok := h.devices[dev.ID()]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateDevice, dev.ID())
	}
	dh.unwatch = dev.Watch(dh.events.push)
	h.devices[dev.ID()] = dh
	go h.dispatch(dh)
	return nil
}

// RemoveDevice stops managing the device with the given ID. Scenes that
// still reference it will fail to activate until it is added again.
func (h *Hub) RemoveDevice(id string) error {
	h.mu.Lock()
	dh, ok := h.devices[id]
	delete(h.devices, id)
	h.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownDevice, id)
	}
	dh.unwatch()
	return nil
}

// Close detaches every device and waits for queued events to be handled.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	handles := make([]*deviceHandle, 0, len(h.devices))
	for _, dh := range h.devices {
		handles = append(handles, dh)
	}
	h.devices = make(map[string]*deviceHandle)
	h.mu.Unlock()

	for _, dh := range handles {
		dh.unwatch()
		dh.events.close()
	}
	for _, dh := range handles {
		<-dh.done
	}
	return nil
}

// DroppedEvents reports how many events from the device were discarded
// because they arrived faster than they could be handled.
func (h *Hub) DroppedEvents(id string) (uint64, error) {
	h.mu.RLock()
	dh, ok := h.devices[id]
	h.mu.RUnlock()
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownDevice, id)
	}
	return dh.events.droppedCount(), nil
}

// dispatch handles one device's events in order until its queue is closed.
func (h *Hub) dispatch(dh *deviceHandle) {
	defer close(dh.done)
	for {
		ev, ok := dh.events.pop()
		if !ok {
			return
		}
		h.handle(ev)
	}
}

func (h *Hub) handle(ev Event) {
	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.CommandTimeout)
	defer cancel()
	if h.cfg.Store != nil {
		if err := h.cfg.Store.Save(ctx, ev); err != nil {
			h.cfg.OnError(fmt.Errorf("homehub: save %s/%s: %w", ev.DeviceID, ev.Attribute, err))
		}
	}
	for _, a := range h.triggered(ev) {
		if err := h.ActivateScene(ctx, a.Scene); err != nil {
			h.cfg.OnError(fmt.Errorf("homehub: automation %q: %w", a.Name, err))
		}
	}
}
