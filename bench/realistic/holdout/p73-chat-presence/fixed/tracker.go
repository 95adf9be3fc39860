// Package presence tracks which users are online in which chat rooms.
//
// Clients send periodic heartbeats for the rooms they have open. A user that
// stops heartbeating is expired after a configurable TTL, and a room that has
// been empty for long enough is dropped. Interested parties (typing
// indicators, member lists, push gateways) can watch a room and receive a
// stream of presence events.
package presence

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrInvalidArgument is returned when a room or user name is empty.
var ErrInvalidArgument = errors.New("presence: invalid argument")

// Clock abstracts time so that expiry can be driven deterministically.
type Clock interface {
	Now() time.Time
}

// LastSeenStore persists the moment a user was last seen in a room, so that
// "last seen 5 minutes ago" survives a restart of the tracker.
type LastSeenStore interface {
	SaveLastSeen(ctx context.Context, room, user string, at time.Time) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config configures a Tracker. Zero values are replaced by sensible defaults.
type Config struct {
	// TTL is how long a single heartbeat keeps a user present.
	TTL time.Duration
	// RoomIdleTTL is how long a room without members is kept around before
	// it is dropped and its watchers are told so.
	RoomIdleTTL time.Duration
	// WatcherQueue bounds the number of undelivered events per watcher;
	// the oldest events are dropped when a watcher falls behind.
	WatcherQueue int
	// Clock defaults to the system clock.
	Clock Clock
	// Store is optional; when nil last-seen times are not persisted.
	Store LastSeenStore
	// Logf defaults to log.Printf.
	Logf func(format string, args ...interface{})
}

func (c *Config) setDefaults() {
	if c.TTL <= 0 {
		c.TTL = 30 * time.Second
	}
	if c.RoomIdleTTL <= 0 {
		c.RoomIdleTTL = 5 * time.Minute
	}
	if c.WatcherQueue <= 0 {
		c.WatcherQueue = 64
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.Logf == nil {
		c.Logf = log.Printf
	}
}

// Tracker keeps presence state for all rooms. It is safe for concurrent use.
type Tracker struct {
	cfg Config

	mu    sync.Mutex
	rooms map[string]*room
}

// New returns a Tracker configured by cfg.
func New(cfg Config) *Tracker {
	cfg.setDefaults()
	return &Tracker{cfg: cfg, rooms: make(map[string]*room)}
}

// Heartbeat marks user as present in roomName until the TTL elapses again.
// The first heartbeat of a user publishes a Joined event.
func (t *Tracker) Heartbeat(roomName, user string) error {
	if roomName == "" || user == "" {
		return fmt.Errorf("heartbeat %q/%q: %w", roomName, user, ErrInvalidArgument)
	}
	now := t.cfg.Clock.Now()

	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.roomLocked(roomName, now)
	if r.touch(user, now) {
		r.publish(Event{Kind: Joined, Room: roomName, User: user, At: now})
	}
	return nil
}

// Leave removes user from roomName immediately, publishing a Left event and
// recording the last-seen time.
func (t *Tracker) Leave(ctx context.Context, roomName, user string) error {
	now := t.cfg.Clock.Now()

	t.mu.Lock()
	r, ok := t.rooms[roomName]
	if !ok || !r.remove(user, now) {
		t.mu.Unlock()
		return nil
	}
	r.publish(Event{Kind: Left, Room: roomName, User: user, At: now})
	t.mu.Unlock()

	return t.saveLastSeen(ctx, roomName, user, now)
}

// Watch subscribes fn to presence events of roomName. The current members
// are replayed as Joined events first. fn is called from a dedicated
// goroutine, one event at a time. The returned cancel function stops the
// subscription; it is safe to call more than once.
func (t *Tracker) Watch(roomName string, fn func(Event)) (cancel func(), err error) {
	if roomName == "" || fn == nil {
		return nil, fmt.Errorf("watch %q: %w", roomName, ErrInvalidArgument)
	}
	now := t.cfg.Clock.Now()
	w := newWatcher(fn, t.cfg.WatcherQueue, t.cfg.Logf)

	t.mu.Lock()
	r := t.roomLocked(roomName, now)
	for _, ev := range r.snapshot(roomName) {
		w.push(ev)
	}
	r.watchers[w] = struct{}{}
	t.mu.Unlock()

	go w.run()

	var once sync.Once
	return func() { once.Do(func() { t.unwatch(roomName, w) }) }, nil
}

func (t *Tracker) unwatch(roomName string, w *watcher) {
	t.mu.Lock()
	if r, ok := t.rooms[roomName]; ok {
		delete(r.watchers, w)
	}
	t.mu.Unlock()
	w.stop()
}

// Sweep expires users whose last heartbeat is older than the TTL and drops
// rooms that have been empty for longer than RoomIdleTTL. Callers run it
// periodically, typically every third of the TTL. It returns the first error
// encountered while persisting last-seen times.
func (t *Tracker) Sweep(ctx context.Context) error {
	now := t.cfg.Clock.Now()
	var expired []Event

	t.mu.Lock()
	for name, r := range t.rooms {
		for _, ev := range r.expire(name, now, t.cfg.TTL) {
			r.publish(ev)
			expired = append(expired, ev)
		}
		if r.idleSince(now) >= t.cfg.RoomIdleTTL {
			r.publish(Event{Kind: RoomClosed, Room: name, At: now})
			delete(t.rooms, name)
		}
	}
	t.mu.Unlock()

	var firstErr error
	for _, ev := range expired {
		if err := t.saveLastSeen(ctx, ev.Room, ev.User, ev.At); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func (t *Tracker) roomLocked(name string, now time.Time) *room {
	r, ok := t.rooms[name]
	if !ok {
		r = newRoom(now)
		t.rooms[name] = r
	}
	return r
}

func (t *Tracker) saveLastSeen(ctx context.Context, roomName, user string, at time.Time) error {
	if t.cfg.Store == nil {
		return nil
	}
	if err := t.cfg.Store.SaveLastSeen(ctx, roomName, user, at); err != nil {
		return fmt.Errorf("save last seen of %s in %s: %w", user, roomName, err)
	}
	return nil
}
