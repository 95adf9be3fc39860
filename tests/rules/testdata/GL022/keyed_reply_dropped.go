package keyedreply

import (
	"errors"
	"sync"
)

// run: n := NewNode(); n.ProposeAsync(Command{Term: 0, Key: "k"}, func(Result) {}); n.Stop()

var ErrStopped = errors.New("stopped")

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
	id  uint64
	cmd Command
}

type Node struct {
	mu        sync.Mutex
	nextID    uint64
	term      uint64
	log       []Command
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

// ProposeAsync hands cb the result the node delivers under the proposal's id.
func (n *Node) ProposeAsync(cmd Command, cb func(Result)) {
	n.mu.Lock()
	n.nextID++
	id := n.nextID
	n.mu.Unlock()
	ch := n.waits.register(id)
	go func() {
		cb(<-ch) // want "goroutine blocks forever receiving from `ch`: it waits until `n.waits.trigger` is called with the key of the request sent at line 84, and `apply` returns at line 106 without calling it"
	}()
	select {
	case n.proposals <- proposal{id: id, cmd: cmd}:
	case <-n.done:
		n.waits.trigger(id, Result{Err: ErrStopped})
	}
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

// apply drops a proposal of a stale term without a word to its proposer.
func (n *Node) apply(p proposal) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p.cmd.Term < n.term {
		return
	}
	n.log = append(n.log, p.cmd)
	n.waits.trigger(p.id, Result{Index: uint64(len(n.log))})
}

func (n *Node) Stop() { close(n.done) }
