// Package gameroom runs a single real-time game room over websocket-style
// connections.
//
// Players send inputs that are queued per player and applied on each
// simulation tick; after every tick the resulting state is pushed to players
// and spectators. A room ends when the simulation reports the game is over or
// when it is closed.
package gameroom

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Room methods.
var (
	ErrRoomFull      = errors.New("gameroom: room is full")
	ErrRoomClosed    = errors.New("gameroom: room is closed")
	ErrDuplicateName = errors.New("gameroom: player already in room")
)

// Conn is a message-oriented connection to a client, such as a websocket.
// ReadJSON is called from one goroutine and WriteJSON from another; Close may
// be called concurrently with both and must unblock a pending ReadJSON.
type Conn interface {
	ReadJSON(v interface{}) error
	WriteJSON(v interface{}) error
	Close() error
}

// Input is a single command from a player.
type Input struct {
	Seq    int    `json:"seq"`
	Action string `json:"action"`
	Player string `json:"-"`
}

// State is the world snapshot broadcast after a tick.
type State struct {
	Tick   int            `json:"tick"`
	Scores map[string]int `json:"scores"`
}

// Message is the envelope sent to clients.
type Message struct {
	Type   string `json:"type"` // "welcome", "state" or "end"
	Player string `json:"player,omitempty"`
	State  State  `json:"state"`
}

// Simulation is the game logic. It is only called from the room's tick loop.
type Simulation interface {
	Apply(in Input)
	Step() (s State, over bool)
}

// Ticker abstracts time.Ticker for tests.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realTicker struct{ *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.Ticker.C }

// Config configures a Room.
type Config struct {
	Sim        Simulation
	TickRate   time.Duration // default 50ms
	MaxPlayers int           // default 8
	// InputQueue is how many inputs may wait per player between ticks;
	// further inputs are dropped.
	InputQueue int
	// MaxInputsPerTick caps inputs applied per player per tick.
	MaxInputsPerTick int
	// OutboundQueue is the per-client buffer of unsent messages.
	OutboundQueue int
	// NewTicker overrides time.NewTicker.
	NewTicker func(d time.Duration) Ticker
	// OnEnd is called once, after every player connection has shut down.
	OnEnd func(final State)
}

// Room is a running game. Create it with New.
type Room struct {
	cfg       Config
	quit      chan struct{}
	closeOnce sync.Once
	done      chan struct{}
	sessions  sync.WaitGroup // one per admitted player, until its reader exits

	mu         sync.Mutex
	closed     bool
	players    map[string]*player
	order      []string // join order, for fair input processing
	spectators map[*client]struct{}
	last       State
}

// New validates cfg and starts the room's tick loop.
func New(cfg Config) (*Room, error) {
	if cfg.Sim == nil {
		return nil, errors.New("gameroom: Config.Sim is required")
	}
	if cfg.TickRate <= 0 {
		cfg.TickRate = 50 * time.Millisecond
	}
	if cfg.MaxPlayers <= 0 {
		cfg.MaxPlayers = 8
	}
	if cfg.InputQueue <= 0 {
		cfg.InputQueue = 32
	}
	if cfg.MaxInputsPerTick <= 0 {
		cfg.MaxInputsPerTick = 4
	}
	if cfg.OutboundQueue <= 0 {
		cfg.OutboundQueue = 16
	}
	if cfg.NewTicker == nil {
		cfg.NewTicker = func(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }
	}
	r := &Room{
		cfg:        cfg,
		quit:       make(chan struct{}),
		done:       make(chan struct{}),
		players:    make(map[string]*player),
		spectators: make(map[*client]struct{}),
	}
	go r.run()
	return r, nil
}

// Close ends the game. It does not wait for the room to wind down; use Done
// for that.
func (r *Room) Close() {
	r.closeOnce.Do(func() { close(r.quit) })
}

// Done is closed once the room has fully shut down.
func (r *Room) Done() <-chan struct{} { return r.done }

func (r *Room) run() {
	defer close(r.done)
	t := r.cfg.NewTicker(r.cfg.TickRate)
	defer t.Stop()
	for {
		select {
		case <-r.quit:
			r.shutdown()
			return
		case <-t.C():
			if over := r.tick(); over {
				r.shutdown()
				return
			}
		}
	}
}

// tick applies queued inputs, advances the simulation and publishes the
// new state.
func (r *Room) tick() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range r.order {
		p := r.players[id]
	drain:
		for i := 0; i < r.cfg.MaxInputsPerTick; i++ {
			select {
			case in := <-p.inputs:
				r.cfg.Sim.Apply(in)
			default:
				break drain
			}
		}
	}
	state, over := r.cfg.Sim.Step()
	r.last = state
	msg := Message{Type: "state", State: state}
	if over {
		msg.Type = "end"
	}
	for _, p := range r.players {
		p.out.enqueue(msg)
	}
	for c := range r.spectators {
		c.enqueue(msg)
	}
	return over
}

// shutdown disconnects everyone and reports the final state once all player
// sessions have ended.
func (r *Room) shutdown() {
	r.mu.Lock()
	r.closed = true
	final := r.last
	for _, p := range r.players {
		p.conn.Close()
	}
	for c := range r.spectators {
		c.stop()
		delete(r.spectators, c)
	}
	r.mu.Unlock()

	r.sessions.Wait() // leak: a session counted in Join is never released
	if r.cfg.OnEnd != nil {
		r.cfg.OnEnd(final)
	}
}

// Spectate streams state updates to conn until the room ends. Spectators
// cannot send inputs.
func (r *Room) Spectate(conn Conn) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrRoomClosed
	}
	c := newClient(conn, r.cfg.OutboundQueue)
	r.spectators[c] = struct{}{}
	go c.writeLoop()
	return nil
}

func (r *Room) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return fmt.Sprintf("room(players=%d spectators=%d tick=%d)", len(r.players), len(r.spectators), r.last.Tick)
}
