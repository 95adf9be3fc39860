package interlock

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// Config sets up an Interlock.
type Config struct {
	Blocks []BlockID
	// PollInterval is how often the track circuits are read.
	PollInterval time.Duration
	// MaxCircuitAge is how old a circuit reading may be before the block is
	// treated as failed.
	MaxCircuitAge time.Duration
	// StopTimeout bounds how long Close waits for the poller.
	StopTimeout time.Duration
	Logger      *log.Logger
}

// Interlock grants routes over signal blocks to trains, one train per block.
type Interlock struct {
	cfg      Config
	circuits TrackCircuits
	blocks   map[BlockID]*block
	order    []BlockID

	cancel context.CancelFunc
	done   chan struct{}
}

// New reads every track circuit once and starts polling them.
func New(ctx context.Context, circuits TrackCircuits, cfg Config) (*Interlock, error) {
	if circuits == nil {
		return nil, errors.New("interlock: nil track circuits")
	}
	if len(cfg.Blocks) == 0 {
		return nil, errors.New("interlock: no blocks configured")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 500 * time.Millisecond
	}
	if cfg.MaxCircuitAge <= 0 {
		cfg.MaxCircuitAge = 4 * cfg.PollInterval
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ix := &Interlock{
		cfg:      cfg,
		circuits: circuits,
		blocks:   make(map[BlockID]*block, len(cfg.Blocks)),
		done:     make(chan struct{}),
	}
	for _, id := range cfg.Blocks {
		if _, dup := ix.blocks[id]; dup {
			return nil, fmt.Errorf("interlock: block %s configured twice", id)
		}
		ix.blocks[id] = &block{id: id, circuit: CircuitFailed}
		ix.order = append(ix.order, id)
	}
	sort.Slice(ix.order, func(i, j int) bool { return ix.order[i] < ix.order[j] })

	if err := ix.pollOnce(ctx); err != nil {
		return nil, fmt.Errorf("interlock: initial circuit read: %w", err)
	}
	pctx, cancel := context.WithCancel(context.Background())
	ix.cancel = cancel
	go ix.poll(pctx)
	return ix, nil
}

// ReserveRoute locks every block of route for train, or none of them.
func (ix *Interlock) ReserveRoute(ctx context.Context, train TrainID, route []BlockID) error {
	if train == "" {
		return errors.New("interlock: empty train id")
	}
	ids, err := ix.lockOrder(route)
	if err != nil {
		return err
	}
	now := time.Now()
	held := make([]*block, 0, len(ids))
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			unlockAll(held)
			return err
		}
		b := ix.blocks[id]
		b.mu.Lock()
		if err := b.available(train, ix.cfg.MaxCircuitAge, now); err != nil {
			unlockAll(held)
			ix.cfg.Logger.Printf("route for %s refused: %v", train, err)
			return err
		}
		held = append(held, b)
	}
	for _, b := range held {
		b.reservedBy = train
	}
	unlockAll(held)
	ix.cfg.Logger.Printf("route %v reserved for %s", route, train)
	return nil
}

// ReleaseRoute frees the blocks of route held by train.
func (ix *Interlock) ReleaseRoute(train TrainID, route []BlockID) error {
	ids, err := ix.lockOrder(route)
	if err != nil {
		return err
	}
	for _, id := range ids {
		b := ix.blocks[id]
		b.mu.Lock()
		if b.reservedBy == train {
			b.reservedBy = ""
		}
		b.mu.Unlock()
	}
	ix.cfg.Logger.Printf("route %v released by %s", route, train)
	return nil
}

// Aspect returns the signal aspect at the entrance of block id for train.
func (ix *Interlock) Aspect(train TrainID, id BlockID) (Aspect, error) {
	b, ok := ix.blocks[id]
	if !ok {
		return AspectRed, fmt.Errorf("%w %s", ErrUnknownBlock, id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reservedBy != train || b.circuit == CircuitFailed {
		return AspectRed, nil
	}
	if b.circuit == CircuitOccupied {
		return AspectYellow, nil
	}
	return AspectGreen, nil
}

// Close stops polling the track circuits.
func (ix *Interlock) Close() error {
	ix.cancel()
	select {
	case <-ix.done:
		return nil
	case <-time.After(ix.cfg.StopTimeout):
		return errors.New("interlock: circuit poller did not stop")
	}
}

// lockOrder validates route and returns its blocks in the global lock
// order, so two routes sharing blocks can never deadlock each other.
func (ix *Interlock) lockOrder(route []BlockID) ([]BlockID, error) {
	if len(route) == 0 {
		return nil, errors.New("interlock: empty route")
	}
	seen := make(map[BlockID]bool, len(route))
	ids := make([]BlockID, 0, len(route))
	for _, id := range route {
		if _, ok := ix.blocks[id]; !ok {
			return nil, fmt.Errorf("%w %s", ErrUnknownBlock, id)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
}

func unlockAll(bs []*block) {
	for _, b := range bs {
		b.mu.Unlock()
	}
}
