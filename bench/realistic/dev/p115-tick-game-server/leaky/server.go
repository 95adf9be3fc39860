// Package arena runs a small authoritative game server: clients push inputs,
// and a fixed-rate tick loop applies them and publishes world snapshots.
package arena

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// PlayerID identifies a connected player.
type PlayerID string

// Snapshot is the world state after one tick.
type Snapshot struct {
	Tick      uint64
	Positions map[PlayerID]Vec
}

// Vec is a position on the grid.
type Vec struct{ X, Y int }

// Config configures a Server.
type Config struct {
	// TickRate is the interval between simulation steps.
	TickRate time.Duration
	// MaxPlayers caps the number of concurrent players.
	MaxPlayers int
	// OnSnapshot, if set, is called from the tick loop after every step.
	OnSnapshot func(Snapshot)
}

// ErrFull is returned by Join when the arena is at capacity.
var ErrFull = errors.New("arena: server full")

// Server owns the world and the tick loop.
type Server struct {
	cfg Config

	mu      sync.Mutex
	players map[PlayerID]*player
	pos     map[PlayerID]Vec
	tick    uint64

	quit     chan struct{}
	loopDone chan struct{}
	stopOnce sync.Once
}

// NewServer returns a server; call Start to begin ticking.
func NewServer(cfg Config) *Server {
	if cfg.TickRate <= 0 {
		cfg.TickRate = 50 * time.Millisecond
	}
	if cfg.MaxPlayers <= 0 {
		cfg.MaxPlayers = 16
	}
	return &Server{
		cfg:      cfg,
		players:  make(map[PlayerID]*player),
		pos:      make(map[PlayerID]Vec),
		quit:     make(chan struct{}),
		loopDone: make(chan struct{}),
	}
}

// Start runs the tick loop in the background.
func (s *Server) Start() { go s.loop() }

// Join registers a player and returns the channel its connection handler
// should send inputs on. The handler closes the channel when the client
// disconnects.
func (s *Server) Join(id PlayerID) (chan<- Input, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.players[id]; dup {
		return nil, fmt.Errorf("arena: join %q: already connected", id)
	}
	if len(s.players) >= s.cfg.MaxPlayers {
		return nil, fmt.Errorf("arena: join %q: %w", id, ErrFull)
	}
	p := newPlayer(id)
	s.players[id] = p
	s.pos[id] = Vec{}
	go func() {
		p.pump()
		s.remove(id)
	}()
	return p.inputs, nil
}

// Kick disconnects a player from the server side.
func (s *Server) Kick(id PlayerID) {
	s.mu.Lock()
	p := s.players[id]
	s.mu.Unlock()
	if p != nil {
		p.kick()
	}
}

func (s *Server) remove(id PlayerID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.players, id)
	delete(s.pos, id)
}

// Shutdown stops the tick loop and waits for it to exit.
func (s *Server) Shutdown() {
	s.stopOnce.Do(func() { close(s.quit) })
	<-s.loopDone
}

func (s *Server) loop() {
	defer close(s.loopDone)
	t := time.NewTicker(s.cfg.TickRate)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			snap := s.step()
			if s.cfg.OnSnapshot != nil {
				s.cfg.OnSnapshot(snap)
			}
		}
	}
}

// step applies every player's queued inputs and returns the new state.
func (s *Server) step() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick++
	snap := Snapshot{Tick: s.tick, Positions: make(map[PlayerID]Vec, len(s.pos))}
	for id, p := range s.players {
		v := s.pos[id]
		for _, in := range p.drain() {
			v = in.apply(v)
		}
		s.pos[id] = v
		snap.Positions[id] = v
	}
	return snap
}
