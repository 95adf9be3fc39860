package errorflagnowakeup

import (
	"errors"
	"sync"
	"time"
)

// run: b := NewBuffer(1); _ = b.Put(1); go func() { _ = b.Put(2) }(); time.Sleep(100 * time.Millisecond); b.Fail(errors.New("reader gone"))

var errStopped = errors.New("buffer stopped")

// Buffer holds at most max items between a producer and a consumer.
type Buffer struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	max      int
	err      error
	created  time.Time
}

func NewBuffer(max int) *Buffer {
	b := &Buffer{max: max, created: time.Now()}
	b.notEmpty = sync.NewCond(&b.mu)
	b.notFull = sync.NewCond(&b.mu)
	return b
}

// Put waits for room, or for the buffer to fail.
func (b *Buffer) Put(v int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) >= b.max && b.err == nil {
		b.notFull.Wait() // want "`b.notFull.Wait\\(\\)` may never return: `Fail` sets `b.err`, which this loop waits on, without `Signal` or `Broadcast`"
	}
	if b.err != nil {
		return b.err
	}
	b.items = append(b.items, v)
	b.notEmpty.Signal()
	return nil
}

// Take waits for an item, or for the buffer to fail.
func (b *Buffer) Take() (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) == 0 && b.err == nil {
		b.notEmpty.Wait()
	}
	if b.err != nil {
		return 0, b.err
	}
	v := b.items[0]
	b.items = b.items[1:]
	b.notFull.Signal()
	return v, nil
}

// Fail makes every pending and later call return err.
func (b *Buffer) Fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.err = err
	b.notEmpty.Broadcast()
}

// Stop fails the buffer for good.
func (b *Buffer) Stop() { b.Fail(errStopped) }
