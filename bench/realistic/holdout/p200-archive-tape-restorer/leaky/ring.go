package tapes

import (
	"io"
	"sync"
)

// blockRing is a bounded queue of tape blocks between the drive reader
// and the writer, so that the drive keeps streaming while the
// destination catches up.
type blockRing struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	blocks   [][]byte
	depth    int
	eof      bool
	err      error
}

func newBlockRing(depth int) *blockRing {
	r := &blockRing{depth: depth, blocks: make([][]byte, 0, depth)}
	r.notEmpty = sync.NewCond(&r.mu)
	r.notFull = sync.NewCond(&r.mu)
	return r
}

// Put queues a block, waiting for room. It fails once the ring is aborted.
func (r *blockRing) Put(b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.blocks) == r.depth && r.err == nil {
		r.notFull.Wait() // leak: Abort never wakes a reader waiting for room
	}
	if r.err != nil {
		return r.err
	}
	r.blocks = append(r.blocks, b)
	r.notEmpty.Signal()
	return nil
}

// Get dequeues the next block. It returns io.EOF after the last block.
func (r *blockRing) Get() ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.blocks) == 0 && !r.eof && r.err == nil {
		r.notEmpty.Wait()
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.blocks) == 0 {
		return nil, io.EOF
	}
	b := r.blocks[0]
	r.blocks[0] = nil
	r.blocks = r.blocks[1:]
	r.notFull.Signal()
	return b, nil
}

// CloseWrite is called by the reader when the tape file is exhausted, or
// with the error that stopped it.
func (r *blockRing) CloseWrite(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil && r.err == nil {
		r.err = err
	}
	r.eof = true
	r.notEmpty.Broadcast()
}

// Abort is called by the consumer when it gives up on the stream.
func (r *blockRing) Abort(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
	r.notEmpty.Broadcast()
}
