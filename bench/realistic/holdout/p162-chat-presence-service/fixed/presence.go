// Package presence tracks whether chat users are online across all of their
// devices. Clients connect a device, send periodic heartbeats and may mark a
// device as away; a background sweeper drops devices whose heartbeats stop.
// Every change in a user's aggregate status is fanned out to subscribers.
package presence

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Status is the aggregate presence of a user.
type Status int

// A user is Online if any device is active, Away if all connected devices
// are away, and Offline if no device is connected.
const (
	Offline Status = iota
	Away
	Online
)

func (s Status) String() string {
	switch s {
	case Online:
		return "online"
	case Away:
		return "away"
	default:
		return "offline"
	}
}

// Errors returned by the service.
var (
	ErrUnknownDevice  = errors.New("device not connected")
	ErrTooManyDevices = errors.New("too many devices")
)

// Device is a snapshot of one connected device.
type Device struct {
	ID       string
	Platform string
	LastSeen time.Time
	Away     bool
}

// Config configures a Service. Zero values select the defaults.
type Config struct {
	Clock Clock
	// TTL is how long a device stays connected without a heartbeat.
	TTL time.Duration
	// SweepInterval is how often expired devices are dropped.
	SweepInterval time.Duration
	// MaxDevices limits the devices connected per user.
	MaxDevices int
	// SubscriberBuffer is the capacity of each subscription channel.
	// Updates for a subscriber whose buffer is full are dropped.
	SubscriberBuffer int
}

// Service tracks presence. It is safe for concurrent use.
type Service struct {
	clock      Clock
	ttl        time.Duration
	maxDevices int
	hub        *hub

	mu    sync.RWMutex
	users map[string]map[string]*Device

	stop      chan struct{}
	closeOnce sync.Once
}

// New starts a Service and its background sweeper. Call Close to stop it.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 90 * time.Second
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = cfg.TTL / 3
	}
	if cfg.MaxDevices <= 0 {
		cfg.MaxDevices = 10
	}
	if cfg.SubscriberBuffer <= 0 {
		cfg.SubscriberBuffer = 16
	}
	s := &Service{
		clock:      cfg.Clock,
		ttl:        cfg.TTL,
		maxDevices: cfg.MaxDevices,
		hub:        newHub(cfg.SubscriberBuffer),
		users:      make(map[string]map[string]*Device),
		stop:       make(chan struct{}),
	}
	go s.sweepLoop(cfg.Clock.NewTicker(cfg.SweepInterval))
	return s
}

// Close stops the sweeper. The service must not be used afterwards.
func (s *Service) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
}

// Connect registers a device for userID, or refreshes it if it is already
// connected.
func (s *Service) Connect(userID, deviceID, platform string) error {
	now := s.clock.Now()
	s.mu.Lock()
	devs := s.users[userID]
	if _, ok := devs[deviceID]; !ok && len(devs) >= s.maxDevices {
		s.mu.Unlock()
		return fmt.Errorf("connect %s/%s: %w", userID, deviceID, ErrTooManyDevices)
	}
	if devs == nil {
		devs = make(map[string]*Device)
		s.users[userID] = devs
	}
	before := aggregate(devs)
	devs[deviceID] = &Device{ID: deviceID, Platform: platform, LastSeen: now}
	after := aggregate(devs)
	s.mu.Unlock()

	s.notify(userID, before, after, now)
	return nil
}

// Heartbeat keeps a device connected. It fails with ErrUnknownDevice if the
// device has expired, in which case the client must connect again.
func (s *Service) Heartbeat(userID, deviceID string) error {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.users[userID][deviceID]
	if !ok {
		return fmt.Errorf("heartbeat %s/%s: %w", userID, deviceID, ErrUnknownDevice)
	}
	d.LastSeen = now
	return nil
}

// SetAway marks a device as away or active. Like a heartbeat, it also keeps
// the device connected.
func (s *Service) SetAway(userID, deviceID string, away bool) error {
	now := s.clock.Now()
	s.mu.Lock()
	devs := s.users[userID]
	d, ok := devs[deviceID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("set away %s/%s: %w", userID, deviceID, ErrUnknownDevice)
	}
	d.LastSeen = now
	if d.Away == away {
		s.mu.Unlock()
		return nil
	}
	before := aggregate(devs)
	d.Away = away
	after := aggregate(devs)
	s.mu.Unlock()

	s.notify(userID, before, after, now)
	return nil
}

// Disconnect removes a device. Disconnecting an unknown device is not an
// error: it may already have expired.
func (s *Service) Disconnect(userID, deviceID string) {
	now := s.clock.Now()
	s.mu.Lock()
	devs := s.users[userID]
	before := aggregate(devs)
	delete(devs, deviceID)
	after := aggregate(devs)
	if len(devs) == 0 {
		delete(s.users, userID)
	}
	s.mu.Unlock()

	s.notify(userID, before, after, now)
}

// Status returns the aggregate status of userID.
func (s *Service) Status(userID string) Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return aggregate(s.users[userID])
}

// Devices returns the connected devices of userID, most recently seen first.
func (s *Service) Devices(userID string) []Device {
	s.mu.RLock()
	out := make([]Device, 0, len(s.users[userID]))
	for _, d := range s.users[userID] {
		out = append(out, *d)
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].LastSeen.After(out[j].LastSeen) })
	return out
}

func (s *Service) sweepLoop(t Ticker) {
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C():
			s.sweep(now)
		}
	}
}

// sweep drops devices that have not been seen for longer than the TTL.
func (s *Service) sweep(now time.Time) {
	var changes []Update
	s.mu.Lock()
	for userID, devs := range s.users {
		before := aggregate(devs)
		for id, d := range devs {
			if now.Sub(d.LastSeen) > s.ttl {
				delete(devs, id)
			}
		}
		if after := aggregate(devs); after != before {
			changes = append(changes, Update{UserID: userID, Status: after, At: now})
		}
		if len(devs) == 0 {
			delete(s.users, userID)
		}
	}
	s.mu.Unlock()

	for _, u := range changes {
		s.hub.publish(u)
	}
}

func (s *Service) notify(userID string, before, after Status, at time.Time) {
	if before != after {
		s.hub.publish(Update{UserID: userID, Status: after, At: at})
	}
}

func aggregate(devs map[string]*Device) Status {
	st := Offline
	for _, d := range devs {
		if !d.Away {
			return Online
		}
		st = Away
	}
	return st
}
