package fixedstopreportedafterthewait

import "sync"

// Booth sells the seats of one show to parties that wait for enough of them.
type Booth struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   int
	closed bool
}

// NewBooth opens a booth with seats free.
func NewBooth(seats int) *Booth {
	b := &Booth{free: seats}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Hold takes n seats, waiting until they are free; false once the booth closed.
func (b *Booth) Hold(n int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.waitForSeatsLocked(n) {
		return false
	}
	b.free -= n
	return true
}

// waitForSeatsLocked reports false if the booth closed meanwhile
// (the loop leaves on the flag too).
func (b *Booth) waitForSeatsLocked(n int) bool {
	for b.free < n && !b.closed {
		b.cond.Wait()
	}
	return !b.closed
}

// Release gives n seats back.
func (b *Booth) Release(n int) {
	b.mu.Lock()
	b.free += n
	b.cond.Broadcast()
	b.mu.Unlock()
}

// Close ends the sale and wakes every waiting party.
func (b *Booth) Close() {
	b.mu.Lock()
	b.closed = true
	b.cond.Broadcast()
	b.mu.Unlock()
}
