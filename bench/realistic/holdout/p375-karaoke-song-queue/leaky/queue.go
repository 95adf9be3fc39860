// Package karaoke runs the song queue of a karaoke night: singers request
// songs, the host calls them up in a fair rotation and the stage display
// gets the lyrics ahead of time.
package karaoke

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors returned by the queue.
var (
	ErrTooManySongs = errors.New("karaoke: singer already has the maximum number of songs queued")
	ErrEmptyQueue   = errors.New("karaoke: queue is empty")
	ErrNoSinger     = errors.New("karaoke: singer name required")
)

// Song is an entry in the venue's catalogue.
type Song struct {
	ID       string
	Title    string
	Artist   string
	Duration time.Duration
}

func (s Song) String() string { return fmt.Sprintf("%q by %s", s.Title, s.Artist) }

// Line is one timed line of lyrics.
type Line struct {
	At   time.Duration
	Text string
}

// Lyrics are the timed lines shown on the stage screen.
type Lyrics struct {
	SongID string
	Lines  []Line
}

// Entry is a queued request.
type Entry struct {
	Ticket int
	Singer string
	Song   Song
	Lyrics *Lyrics
	Queued time.Time
}

// Queue orders requests so that every singer gets a turn before anyone sings
// twice. Among singers with equal turns, earlier requests go first.
type Queue struct {
	mu           sync.Mutex
	entries      []Entry
	nextTicket   int
	maxPerSinger int
	turns        map[string]int
	now          func() time.Time
}

// NewQueue returns an empty queue allowing at most maxPerSinger pending
// requests per singer; zero means no limit.
func NewQueue(maxPerSinger int) *Queue {
	return &Queue{maxPerSinger: maxPerSinger, turns: make(map[string]int), now: time.Now}
}

// Add queues song for singer and returns the ticket.
func (q *Queue) Add(singer string, song Song, lyrics *Lyrics) (Entry, error) {
	if singer == "" {
		return Entry{}, ErrNoSinger
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.maxPerSinger > 0 && q.pendingLocked(singer) >= q.maxPerSinger {
		return Entry{}, ErrTooManySongs
	}
	q.nextTicket++
	e := Entry{Ticket: q.nextTicket, Singer: singer, Song: song, Lyrics: lyrics, Queued: q.now()}
	q.entries = append(q.entries, e)
	return e, nil
}

func (q *Queue) pendingLocked(singer string) int {
	n := 0
	for _, e := range q.entries {
		if e.Singer == singer {
			n++
		}
	}
	return n
}

// Upcoming returns the pending entries in the order they will be called.
func (q *Queue) Upcoming() []Entry {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := append([]Entry(nil), q.entries...)
	turns := make(map[string]int, len(q.turns))
	for k, v := range q.turns {
		turns[k] = v
	}
	// Simulate the rotation: each pick gives that singer one more turn.
	ordered := make([]Entry, 0, len(out))
	for len(out) > 0 {
		i := pick(out, turns)
		turns[out[i].Singer]++
		ordered = append(ordered, out[i])
		out = append(out[:i], out[i+1:]...)
	}
	return ordered
}

// Pop removes and returns the next entry in the rotation.
func (q *Queue) Pop() (Entry, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.entries) == 0 {
		return Entry{}, ErrEmptyQueue
	}
	i := pick(q.entries, q.turns)
	e := q.entries[i]
	q.entries = append(q.entries[:i], q.entries[i+1:]...)
	q.turns[e.Singer]++
	return e, nil
}

// Remove cancels a request by ticket.
func (q *Queue) Remove(ticket int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, e := range q.entries {
		if e.Ticket == ticket {
			q.entries = append(q.entries[:i], q.entries[i+1:]...)
			return true
		}
	}
	return false
}

func pick(entries []Entry, turns map[string]int) int {
	idx := make([]int, len(entries))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ea, eb := entries[idx[a]], entries[idx[b]]
		if turns[ea.Singer] != turns[eb.Singer] {
			return turns[ea.Singer] < turns[eb.Singer]
		}
		return ea.Ticket < eb.Ticket
	})
	return idx[0]
}
