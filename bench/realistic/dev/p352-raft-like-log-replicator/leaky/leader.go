// Package replication implements the leader side of a Raft-style log:
// entries proposed on the leader are streamed to every follower, follower
// progress is tracked through match indexes, and an entry is committed once
// a majority of the cluster stores it. Elections and heartbeats are handled
// by the caller; a Leader lives for exactly one term.
package replication

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrNotLeader is returned once the leader has stepped down or was closed.
var ErrNotLeader = errors.New("replication: not the leader")

// Entry is one log record.
type Entry struct {
	Index uint64
	Term  uint64
	Data  []byte
}

// AppendRequest is the AppendEntries RPC payload.
type AppendRequest struct {
	Term         uint64
	LeaderID     string
	PrevLogIndex uint64
	PrevLogTerm  uint64
	Entries      []Entry
	LeaderCommit uint64
}

// AppendResponse is a follower's answer to AppendEntries. On failure the
// follower may set ConflictIndex to the first index it is missing.
type AppendResponse struct {
	Term          uint64
	Success       bool
	ConflictIndex uint64
}

// Transport delivers AppendEntries to a follower.
type Transport interface {
	AppendEntries(ctx context.Context, peer string, req AppendRequest) (AppendResponse, error)
}

// Storage persists the leader's own log before entries are replicated.
type Storage interface {
	Append(entries []Entry) error
}

// Config describes the leader for one term.
type Config struct {
	ID    string
	Term  uint64
	Peers []string // follower ids, not including ID
	// Log is the leader's existing log; indexes must start at 1 and be
	// contiguous.
	Log       []Entry
	Transport Transport
	Storage   Storage
	// MaxBatch caps the number of entries per AppendEntries (default 64).
	MaxBatch int
	// RetryBackoff is the pause after a failed RPC (default 50ms).
	RetryBackoff time.Duration
	Logger       *log.Logger
}

// peer is the leader's view of one follower.
type peer struct {
	id         string
	nextIndex  uint64
	matchIndex uint64
}

// Leader replicates its log to the followers for a single term.
type Leader struct {
	id        string
	transport Transport
	storage   Storage
	maxBatch  int
	backoff   time.Duration
	logger    *log.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu          sync.Mutex
	cond        *sync.Cond
	term        uint64
	entries     []Entry
	commitIndex uint64
	peers       map[string]*peer
	stopped     bool
	done        chan struct{}
	commits     chan uint64
}

// New starts replicating to every peer in cfg.
func New(cfg Config) (*Leader, error) {
	if cfg.Transport == nil || cfg.Storage == nil {
		return nil, errors.New("replication: transport and storage are required")
	}
	for i, e := range cfg.Log {
		if e.Index != uint64(i+1) {
			return nil, fmt.Errorf("replication: log entry %d has index %d", i, e.Index)
		}
	}
	l := &Leader{
		id:        cfg.ID,
		transport: cfg.Transport,
		storage:   cfg.Storage,
		maxBatch:  cfg.MaxBatch,
		backoff:   cfg.RetryBackoff,
		logger:    cfg.Logger,
		term:      cfg.Term,
		entries:   append([]Entry(nil), cfg.Log...),
		peers:     make(map[string]*peer, len(cfg.Peers)),
		done:      make(chan struct{}),
		commits:   make(chan uint64, 64),
	}
	if l.maxBatch <= 0 {
		l.maxBatch = 64
	}
	if l.backoff <= 0 {
		l.backoff = 50 * time.Millisecond
	}
	if l.logger == nil {
		l.logger = log.Default()
	}
	l.cond = sync.NewCond(&l.mu)
	l.ctx, l.cancel = context.WithCancel(context.Background())

	for _, id := range cfg.Peers {
		p := &peer{id: id, nextIndex: l.lastIndex() + 1}
		l.peers[id] = p
		l.wg.Add(1)
		go l.replicate(p)
	}
	return l, nil
}

// Propose appends data to the log and schedules it for replication. It
// returns the entry's index; use Committed or CommitIndex to learn when it
// is durable on a majority.
func (l *Leader) Propose(ctx context.Context, data []byte) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return 0, ErrNotLeader
	}
	e := Entry{Index: l.lastIndex() + 1, Term: l.term, Data: data}
	if err := l.storage.Append([]Entry{e}); err != nil {
		return 0, fmt.Errorf("replication: persist entry %d: %w", e.Index, err)
	}
	l.entries = append(l.entries, e)
	l.cond.Broadcast()
	return e.Index, nil
}

// Committed delivers new commit indexes. Notifications are dropped when the
// consumer falls behind; CommitIndex is always authoritative.
func (l *Leader) Committed() <-chan uint64 { return l.commits }

// Done is closed when the leader steps down or is closed.
func (l *Leader) Done() <-chan struct{} { return l.done }

// CommitIndex returns the highest committed index.
func (l *Leader) CommitIndex() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.commitIndex
}

// Term returns the current term, which is higher than the leader's own term
// after it stepped down.
func (l *Leader) Term() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.term
}

// MatchIndex returns the highest index known to be stored on peer.
func (l *Leader) MatchIndex(peer string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.peers[peer]; ok {
		return p.matchIndex
	}
	return 0
}

// Close gives up leadership and waits for the replication goroutines. It is
// a no-op after the leader stepped down.
func (l *Leader) Close() {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return
	}
	l.stopped = true
	close(l.done)
	l.cond.Broadcast()
	l.mu.Unlock()

	l.cancel()
	l.wg.Wait()
}

// ObserveTerm must be called whenever the node sees a term in any RPC. A
// higher term means another node may be leading, so this leader steps down.
func (l *Leader) ObserveTerm(term uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stepDownLocked(term)
}

// stepDownLocked ends leadership if term is newer than ours. In-flight
// AppendEntries calls are aborted; the replication goroutines exit on
// their own.
func (l *Leader) stepDownLocked(term uint64) {
	if term <= l.term || l.stopped {
		return
	}
	l.logger.Printf("replication: %s stepping down: term %d > %d", l.id, term, l.term)
	l.term = term
	l.stopped = true
	close(l.done)
	l.cancel()
}

func (l *Leader) lastIndex() uint64 { return uint64(len(l.entries)) }

func (l *Leader) termAt(index uint64) uint64 {
	if index == 0 || index > l.lastIndex() {
		return 0
	}
	return l.entries[index-1].Term
}
