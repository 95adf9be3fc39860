package quarry

import (
	"errors"
	"sync"
	"time"
)

var (
	// ErrYardClosed is returned when blocks are staged after the yard closed.
	ErrYardClosed = errors.New("quarry: yard closed")
	// ErrUnknownBlock is returned when an inspection names a block not in the yard.
	ErrUnknownBlock = errors.New("quarry: block not in yard")
	// ErrNotHeld is returned when an inspection names a block that is not on hold.
	ErrNotHeld = errors.New("quarry: block not held for inspection")
)

type stagedBlock struct {
	Block
	held   bool
	staged time.Time
}

// Yard stages blocks for the primary saw; flawed blocks are held for inspection.
type Yard struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	capacity int
	blocks   []stagedBlock
	closed   bool
}

// NewYard returns a yard with room for capacity blocks.
func NewYard(capacity int) *Yard {
	y := &Yard{capacity: capacity}
	y.notEmpty = sync.NewCond(&y.mu)
	y.notFull = sync.NewCond(&y.mu)
	return y
}

// Put stages a block, waiting for room if the yard is full.
func (y *Yard) Put(b Block, held bool) error {
	y.mu.Lock()
	defer y.mu.Unlock()
	for len(y.blocks) >= y.capacity && !y.closed {
		y.notFull.Wait()
	}
	if y.closed {
		return ErrYardClosed
	}
	y.blocks = append(y.blocks, stagedBlock{Block: b, held: held, staged: time.Now()})
	if !held {
		y.notEmpty.Signal()
	}
	return nil
}

func (y *Yard) nextReady() int {
	for i, sb := range y.blocks {
		if !sb.held {
			return i
		}
	}
	return -1
}

func (y *Yard) removeAt(i int) Block {
	b := y.blocks[i].Block
	y.blocks = append(y.blocks[:i], y.blocks[i+1:]...)
	y.notFull.Signal()
	return b
}

// Take hands the oldest block not on hold to the saw, or false once the yard is done.
func (y *Yard) Take() (Block, bool) {
	y.mu.Lock()
	defer y.mu.Unlock()
	for {
		if i := y.nextReady(); i >= 0 {
			return y.removeAt(i), true
		}
		if y.closed {
			return Block{}, false
		}
		y.notEmpty.Wait()
	}
}

// Release records the inspector's decision: accepted blocks go on to the saw.
func (y *Yard) Release(id string, accept bool) (Block, error) {
	y.mu.Lock()
	defer y.mu.Unlock()
	if y.closed {
		return Block{}, ErrYardClosed
	}
	for i := range y.blocks {
		if y.blocks[i].ID != id {
			continue
		}
		if !y.blocks[i].held {
			return Block{}, ErrNotHeld
		}
		if !accept {
			return y.removeAt(i), nil
		}
		y.blocks[i].held = false
		y.notEmpty.Signal()
		return y.blocks[i].Block, nil
	}
	return Block{}, ErrUnknownBlock
}

// Close stops the yard accepting blocks and returns the IDs still held.
func (y *Yard) Close() []string {
	y.mu.Lock()
	defer y.mu.Unlock()
	y.closed = true
	var held []string
	for _, sb := range y.blocks {
		if sb.held {
			held = append(held, sb.ID)
		}
	}
	y.notEmpty.Broadcast()
	y.notFull.Broadcast()
	return held
}
