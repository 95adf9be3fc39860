package sewing

import (
	"errors"
	"fmt"
	"sync"
)

// ErrAborted is returned for signatures that were waiting for the frame
// when another signature failed.
var ErrAborted = errors.New("sewing: frame aborted")

// frame serialises sewing: signature n may only be sewn once n-1 is on
// the tapes, whatever order they finish preparation in.
type frame struct {
	mu     sync.Mutex
	cond   *sync.Cond
	next   int
	sewn   []int
	failed error
}

func newFrame() *frame {
	f := &frame{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// waitTurn blocks until seq is the next signature to sew or the frame
// has been aborted.
func (f *frame) waitTurn(seq int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.next != seq && f.failed == nil {
		f.cond.Wait()
	}
	if f.failed != nil {
		return fmt.Errorf("%w: signature %d: %v", ErrAborted, seq, f.failed)
	}
	return nil
}

// advance records seq as sewn and wakes the waiting signatures.
func (f *frame) advance(seq int) {
	f.mu.Lock()
	f.sewn = append(f.sewn, seq)
	f.next = seq + 1
	f.mu.Unlock()
	f.cond.Broadcast()
}

// abort stops the frame; every waiting signature returns ErrAborted.
func (f *frame) abort(err error) {
	f.mu.Lock()
	if f.failed == nil {
		f.failed = err
	}
	f.mu.Unlock()
	f.cond.Broadcast()
}

func (f *frame) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sewn)
}
