package fixedrelays

import (
	"errors"
	"sync"
)

// run: r := NewRelay(map[string]string{"a": "pump-a"}); _ = r.Forward("a", 1); _ = r.Forward("b", 2); r.Close()

var errUnknown = errors.New("unknown station")

type pipe struct {
	name string
	in   chan int
	done chan struct{}
}

func newPipe(name string) *pipe {
	return &pipe{name: name, in: make(chan int, 4), done: make(chan struct{})}
}

// Relay forwards readings to one worker per station.
type Relay struct {
	mu       sync.Mutex
	names    map[string]string
	pipes    map[string]*pipe
	received int
}

// NewRelay knows the stations it may forward to.
func NewRelay(names map[string]string) *Relay {
	return &Relay{names: names, pipes: make(map[string]*pipe)}
}

// Forward hands v to the station's worker, starting one on first use.
func (r *Relay) Forward(station string, v int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pipes[station]
	if !ok {
		name, known := r.names[station]
		if !known {
			return errUnknown
		}
		p = newPipe(name)
		go r.drain(p)
		r.pipes[station] = p
	}
	p.in <- v
	return nil
}

func (r *Relay) drain(p *pipe) {
	defer close(p.done)
	for v := range p.in {
		r.mu.Lock()
		r.received += v
		r.mu.Unlock()
	}
}

// Close stops every worker and waits for it.
func (r *Relay) Close() {
	r.mu.Lock()
	pipes := make([]*pipe, 0, len(r.pipes))
	for _, p := range r.pipes {
		close(p.in)
		pipes = append(pipes, p)
	}
	r.mu.Unlock()
	for _, p := range pipes {
		<-p.done
	}
}
