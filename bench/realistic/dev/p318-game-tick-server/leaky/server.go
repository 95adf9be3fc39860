// Package tickserver runs an authoritative multiplayer game loop at a fixed
// tick rate. Clients submit inputs into per-player queues; every tick the
// server applies queued inputs, steps the simulation and broadcasts a
// snapshot to each player through a per-player writer goroutine.
package tickserver

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrUnknownPlayer is returned by Submit for a player that is not joined.
	ErrUnknownPlayer = errors.New("tickserver: unknown player")
	// ErrInputQueueFull is returned by Submit when the player's queue is full.
	ErrInputQueueFull = errors.New("tickserver: input queue full")
	// ErrStopped is returned by Join after Stop.
	ErrStopped = errors.New("tickserver: server stopped")
)

// Config configures a Server. Game is required.
type Config struct {
	Game Game
	// TickRate is the number of simulation steps per second. Default 30.
	TickRate int
	// InputQueue is the per-player input queue capacity. Default 32.
	InputQueue int
	// MaxInputsPerTick bounds how many inputs of one player are applied in a
	// single tick. Default 4.
	MaxInputsPerTick int
	// IdleTicks disconnects players that sent no input for this many ticks.
	// Zero disables idle kicks.
	IdleTicks uint64
	// OnDisconnect, if set, is called (outside the server lock) whenever a
	// player is removed by the server itself: idle kick or write failure.
	OnDisconnect func(id PlayerID, reason error)
	// NewTicker defaults to a wrapper around time.NewTicker.
	NewTicker func(d time.Duration) Ticker
}

// Server is a fixed-rate game server. Create it with New, then Start it.
type Server struct {
	cfg Config
	dt  time.Duration

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	players map[PlayerID]*player
	tick    uint64
	stopped bool
}

// New validates cfg and returns a server that is not yet ticking.
func New(cfg Config) (*Server, error) {
	if cfg.Game == nil {
		return nil, errors.New("tickserver: Config.Game is required")
	}
	if cfg.TickRate <= 0 {
		cfg.TickRate = 30
	}
	if cfg.InputQueue <= 0 {
		cfg.InputQueue = 32
	}
	if cfg.MaxInputsPerTick <= 0 {
		cfg.MaxInputsPerTick = 4
	}
	if cfg.NewTicker == nil {
		cfg.NewTicker = newRealTicker
	}
	return &Server{
		cfg:     cfg,
		dt:      time.Second / time.Duration(cfg.TickRate),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		players: make(map[PlayerID]*player),
	}, nil
}

// Start launches the tick loop.
func (s *Server) Start() {
	t := s.cfg.NewTicker(s.dt)
	go s.run(t)
}

// Stop halts the tick loop, waits for it to exit and disconnects everyone.
func (s *Server) Stop() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
}

// Join adds a player connected over conn. Joining with the ID of a player
// that is already present is treated as a reconnect: the new connection
// takes over and the input sequence carries on where it left off.
func (s *Server) Join(id PlayerID, conn Conn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	p := newPlayer(id, conn, s.cfg.InputQueue, s.tick)
	if old, ok := s.players[id]; ok {
		p.lastSeq = old.lastSeq
		_ = old.conn.Close()
	} else {
		s.cfg.Game.AddPlayer(id)
	}
	s.players[id] = p
	go p.writeLoop(s)
	return nil
}

// Leave removes a player at the client's request.
func (s *Server) Leave(id PlayerID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.players[id]; ok {
		s.removeLocked(p)
	}
}

// Submit queues an input for the next tick. It never blocks: when the queue
// is full the input is dropped and ErrInputQueueFull returned, and the
// client is expected to resend.
func (s *Server) Submit(id PlayerID, in Input) error {
	s.mu.Lock()
	p, ok := s.players[id]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPlayer, id)
	}
	select {
	case p.inputs <- in:
		return nil
	default:
		s.mu.Lock()
		p.droppedInputs++
		s.mu.Unlock()
		return fmt.Errorf("%w: %s seq %d", ErrInputQueueFull, id, in.Seq)
	}
}

// Tick returns the number of ticks simulated so far.
func (s *Server) Tick() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tick
}

func (s *Server) run(t Ticker) {
	defer close(s.done)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			s.shutdown()
			return
		case <-t.C():
			s.step()
		}
	}
}

// step advances the simulation by one tick and broadcasts the result.
func (s *Server) step() {
	type kicked struct {
		id     PlayerID
		reason error
	}
	var kicks []kicked

	s.mu.Lock()
	s.tick++
	tick := s.tick
	for _, p := range s.players {
		if p.drainInputs(s.cfg.Game, s.cfg.MaxInputsPerTick) > 0 {
			p.lastInputTick = tick
		}
		if s.cfg.IdleTicks > 0 && tick-p.lastInputTick > s.cfg.IdleTicks {
			s.removeLocked(p)
			kicks = append(kicks, kicked{p.id, fmt.Errorf("tickserver: %s idle for %d ticks", p.id, tick-p.lastInputTick)})
		}
	}
	s.cfg.Game.Step(tick, s.dt)
	state := s.cfg.Game.Encode(tick)
	for _, p := range s.players {
		p.offer(Snapshot{Tick: tick, AckSeq: p.lastSeq, State: state})
	}
	s.mu.Unlock()

	for _, k := range kicks {
		s.notifyDisconnect(k.id, k.reason)
	}
}

// disconnect removes p after a transport failure, unless it has already
// been replaced or removed.
func (s *Server) disconnect(p *player, reason error) {
	s.mu.Lock()
	current := s.players[p.id] == p
	if current {
		s.removeLocked(p)
	} else {
		p.close()
	}
	s.mu.Unlock()
	if current {
		s.notifyDisconnect(p.id, reason)
	}
}

func (s *Server) removeLocked(p *player) {
	delete(s.players, p.id)
	s.cfg.Game.RemovePlayer(p.id)
	p.close()
}

func (s *Server) notifyDisconnect(id PlayerID, reason error) {
	if s.cfg.OnDisconnect != nil {
		s.cfg.OnDisconnect(id, reason)
	}
}

func (s *Server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	for _, p := range s.players {
		s.removeLocked(p)
	}
}
