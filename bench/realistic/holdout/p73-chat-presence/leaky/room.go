package presence

import (
	"sort"
	"time"
)

// Kind classifies a presence Event.
type Kind int

// Presence event kinds.
const (
	Joined Kind = iota + 1
	Left
	Expired
	RoomClosed
)

// Event describes a change in the presence of a room.
type Event struct {
	Kind Kind
	Room string
	// User is empty for RoomClosed events.
	User string
	At   time.Time
}

// room holds the members of one room and its watchers. All fields are
// guarded by Tracker.mu.
type room struct {
	members    map[string]time.Time // user -> last heartbeat
	watchers   map[*watcher]struct{}
	emptySince time.Time
}

func newRoom(now time.Time) *room {
	return &room{
		members:    make(map[string]time.Time),
		watchers:   make(map[*watcher]struct{}),
		emptySince: now,
	}
}

// touch records a heartbeat and reports whether the user was not present.
func (r *room) touch(user string, now time.Time) (joined bool) {
	_, present := r.members[user]
	r.members[user] = now
	return !present
}

// remove deletes user and reports whether it was present.
func (r *room) remove(user string, now time.Time) bool {
	if _, ok := r.members[user]; !ok {
		return false
	}
	delete(r.members, user)
	if len(r.members) == 0 {
		r.emptySince = now
	}
	return true
}

// expire removes members whose last heartbeat is older than ttl and returns
// the corresponding events, ordered by user name.
func (r *room) expire(name string, now time.Time, ttl time.Duration) []Event {
	var users []string
	for u, last := range r.members {
		if now.Sub(last) >= ttl {
			users = append(users, u)
		}
	}
	sort.Strings(users)
	events := make([]Event, 0, len(users))
	for _, u := range users {
		r.remove(u, now)
		events = append(events, Event{Kind: Expired, Room: name, User: u, At: now})
	}
	return events
}

// idleSince reports for how long the room has had no members, or zero if it
// has members.
func (r *room) idleSince(now time.Time) time.Duration {
	if len(r.members) > 0 {
		return 0
	}
	return now.Sub(r.emptySince)
}

// snapshot returns Joined events for the current members, ordered by name.
func (r *room) snapshot(name string) []Event {
	users := make([]string, 0, len(r.members))
	for u := range r.members {
		users = append(users, u)
	}
	sort.Strings(users)
	events := make([]Event, 0, len(users))
	for _, u := range users {
		events = append(events, Event{Kind: Joined, Room: name, User: u, At: r.members[u]})
	}
	return events
}

func (r *room) publish(ev Event) {
	for w := range r.watchers {
		w.push(ev)
	}
}
