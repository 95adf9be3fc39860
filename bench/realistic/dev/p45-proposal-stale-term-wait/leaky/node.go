// Package replog is the front end of a small replicated log: clients propose
// commands, a single apply loop orders them into the log, and every proposer is
// told, through a callback, at which index its command landed or why it did not.
package replog

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
)

var (
	// ErrStopped is reported for proposals made after Stop.
	ErrStopped = errors.New("replog: node stopped")
	// ErrStaleTerm is reported for a proposal made under an older leadership term.
	ErrStaleTerm = errors.New("replog: proposal from a stale term")
	// ErrTooLarge is reported for commands above the configured size limit.
	ErrTooLarge = errors.New("replog: command too large")
)

// Command is one state-machine command. Term is the leadership term the
// proposer observed; if leadership changed since, the command is not applied.
type Command struct {
	Term  uint64
	Key   string
	Value []byte
}

// Result is the outcome of a proposal.
type Result struct {
	Index uint64
	Err   error
}

// Entry is one applied log entry.
type Entry struct {
	Index uint64
	Term  uint64
	Cmd   Command
}

type proposal struct {
	id  uint64
	cmd Command
}

// Option configures a Node.
type Option func(*Node)

// WithMaxCommandSize rejects commands whose value is larger than n bytes.
func WithMaxCommandSize(n int) Option { return func(nd *Node) { nd.maxSize = n } }

// WithLogger sends diagnostics to l.
func WithLogger(l *log.Logger) Option { return func(nd *Node) { nd.logger = l } }

// Node orders proposals into the log.
type Node struct {
	maxSize int
	logger  *log.Logger

	nextID    atomic.Uint64
	waits     *waitRegistry
	proposals chan proposal
	done      chan struct{}
	stopped   chan struct{}
	stopOnce  sync.Once

	mu   sync.Mutex
	term uint64
	log  []Entry
}

// NewNode starts a node at term 1.
func NewNode(opts ...Option) *Node {
	n := &Node{
		maxSize:   1 << 20,
		logger:    log.Default(),
		waits:     newWaitRegistry(),
		proposals: make(chan proposal),
		done:      make(chan struct{}),
		stopped:   make(chan struct{}),
		term:      1,
	}
	for _, o := range opts {
		o(n)
	}
	go n.run()
	return n
}

// ProposeAsync submits cmd and calls cb with its outcome once it is known.
// It returns the proposal id.
func (n *Node) ProposeAsync(cmd Command, cb func(Result)) uint64 {
	id := n.nextID.Add(1)
	ch := n.waits.register(id)
	go func() {
		r := <-ch // leak: a proposal dropped for its stale term is never triggered, so nothing is ever delivered here
		cb(r)
	}()
	select {
	case n.proposals <- proposal{id: id, cmd: cmd}:
	case <-n.done:
		n.waits.trigger(id, Result{Err: ErrStopped})
	}
	return id
}

// Campaign moves the node to a new leadership term.
func (n *Node) Campaign() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.term++
	return n.term
}

// Term returns the current leadership term.
func (n *Node) Term() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.term
}

func (n *Node) run() {
	defer close(n.stopped)
	for {
		select {
		case p := <-n.proposals:
			n.apply(p)
		case <-n.done:
			return
		}
	}
}

func (n *Node) apply(p proposal) {
	if len(p.cmd.Value) > n.maxSize {
		n.waits.trigger(p.id, Result{Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, len(p.cmd.Value))})
		return
	}
	n.mu.Lock()
	if p.cmd.Term < n.term {
		n.mu.Unlock()
		n.logger.Printf("replog: dropping proposal %d for %q: term %d < %d", p.id, p.cmd.Key, p.cmd.Term, n.term)
		return
	}
	idx := uint64(len(n.log)) + 1
	n.log = append(n.log, Entry{Index: idx, Term: n.term, Cmd: p.cmd})
	n.mu.Unlock()
	n.waits.trigger(p.id, Result{Index: idx})
}

// Entries returns a copy of the applied log.
func (n *Node) Entries() []Entry {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Entry(nil), n.log...)
}

// Pending reports how many proposals have no outcome yet.
func (n *Node) Pending() int { return n.waits.pending() }

// Stop ends the apply loop.
func (n *Node) Stop() {
	n.stopOnce.Do(func() { close(n.done) })
	<-n.stopped
}
