package keyedreplyfixed

import (
	"context"
	"errors"
	"sync"
)

var (
	ErrStopped = errors.New("stopped")
	ErrStale   = errors.New("stale term")
)

type Command struct {
	Term uint64
	Key  string
}

type Result struct {
	Index uint64
	Err   error
}

// waits hands each proposal a channel, kept under the proposal's id until the
// result is delivered.
type waits struct {
	mu sync.Mutex
	m  map[uint64]chan Result
}

func (w *waits) register(id uint64) <-chan Result {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan Result, 1)
	w.m[id] = ch
	return ch
}

func (w *waits) trigger(id uint64, r Result) {
	w.mu.Lock()
	ch, ok := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ok {
		ch <- r
	}
}

type proposal struct {
	ctx context.Context
	id  uint64
	cmd Command
}

type Node struct {
	mu        sync.Mutex
	nextID    uint64
	term      uint64
	log       []Command
	pending   []proposal
	waits     *waits
	proposals chan proposal
	done      chan struct{}
}

func NewNode() *Node {
	n := &Node{
		term:      1,
		waits:     &waits{m: make(map[uint64]chan Result)},
		proposals: make(chan proposal),
		done:      make(chan struct{}),
	}
	go n.run()
	return n
}

// Propose waits for the result the node delivers under the proposal's id.
func (n *Node) Propose(ctx context.Context, cmd Command) Result {
	n.mu.Lock()
	n.nextID++
	id := n.nextID
	n.mu.Unlock()
	ch := n.waits.register(id)
	go func() {
		select {
		case n.proposals <- proposal{ctx: ctx, id: id, cmd: cmd}:
		case <-n.done:
			n.waits.trigger(id, Result{Err: ErrStopped})
		}
	}()
	return <-ch
}

func (n *Node) run() {
	for {
		select {
		case p := <-n.proposals:
			n.apply(p)
		case <-n.done:
			return
		}
	}
}

// apply answers every proposal: a stale one with an error, a cancelled one not at
// all (its proposer has gone), and one it cannot apply yet is queued with the
// proposal itself.
func (n *Node) apply(p proposal) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p.cmd.Term < n.term {
		n.waits.trigger(p.id, Result{Err: ErrStale})
		return
	}
	if p.ctx.Err() != nil {
		return
	}
	if p.cmd.Term > n.term {
		n.pending = append(n.pending, p)
		return
	}
	n.log = append(n.log, p.cmd)
	n.waits.trigger(p.id, Result{Index: uint64(len(n.log))})
}

func (n *Node) Stop() { close(n.done) }
