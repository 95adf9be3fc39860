package lobby

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Event is broadcast to observers when the lobby changes.
type Event struct {
	Kind   string
	Player string
	At     time.Time
}

type cmdKind int

const (
	cmdJoin cmdKind = iota
	cmdLeave
	cmdPromote
	cmdSnapshot
)

type command struct {
	kind   cmdKind
	player string
	reply  chan State
}

// State is a copy of the lobby membership.
type State struct {
	Host    string
	Players []string
}

// ErrFull is returned when the lobby has no free seat.
var ErrFull = errors.New("lobby: full")

// Lobby is a game lobby owned by a single goroutine.
type Lobby struct {
	cmds     chan command
	quit     chan struct{}
	seats    int
	players  []string
	host     string
	observer func(Event)

	closeOnce sync.Once
}

// New starts a lobby with the given number of seats.
func New(seats int, observer func(Event)) *Lobby {
	if observer == nil {
		observer = func(Event) {}
	}
	l := &Lobby{cmds: make(chan command), quit: make(chan struct{}), seats: seats, observer: observer}
	go l.run()
	return l
}

func (l *Lobby) run() {
	for {
		select {
		case <-l.quit:
			return
		case c := <-l.cmds:
			l.handle(c)
		}
	}
}

func (l *Lobby) handle(c command) {
	switch c.kind {
	case cmdJoin:
		if len(l.players) >= l.seats {
			return
		}
		l.players = append(l.players, c.player)
		if l.host == "" {
			l.host = c.player
		}
		l.emit("join", c.player)
	case cmdLeave:
		idx := l.indexOf(c.player)
		if idx < 0 {
			return
		}
		l.players = append(l.players[:idx], l.players[idx+1:]...)
		l.emit("leave", c.player)
		if c.player == l.host {
			l.host = ""
			if len(l.players) > 0 {
				_ = l.Promote(context.Background(), l.players[0]) // leak: the lobby goroutine queues a command to itself and waits forever for itself to receive it
			}
		}
	case cmdPromote:
		if l.indexOf(c.player) >= 0 {
			l.host = c.player
			l.emit("host", c.player)
		}
	case cmdSnapshot:
		c.reply <- State{Host: l.host, Players: append([]string(nil), l.players...)}
	}
}

func (l *Lobby) indexOf(p string) int {
	for i, q := range l.players {
		if q == p {
			return i
		}
	}
	return -1
}

func (l *Lobby) emit(kind, player string) {
	l.observer(Event{Kind: kind, Player: player, At: time.Now()})
}
