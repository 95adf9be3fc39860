package fixeddeferredunlockhelper

import (
	"errors"
	"sync"
)

var errExists = errors.New("exists")

// tree renames entries under one lock, dropping what a rename frees once it is let go.
type tree struct {
	renameMu sync.Mutex
	entries  map[string]int
	dropped  []int
	pending  int
}

// settle lets renameMu go while pending writers finish, and takes it again.
func (t *tree) settle() {
	for t.pending > 0 { // renameMu is held on entry and on the way out
		t.renameMu.Unlock()
		t.pending--
		t.renameMu.Lock()
	}
}

// unlockAndDrop releases renameMu, then frees what the rename left unreferenced.
func (t *tree) unlockAndDrop(freed *[]int) {
	t.renameMu.Unlock()
	t.dropped = append(t.dropped, *freed...)
}

// Rename moves from to to; the deferred helper releases the lock on every way out.
func (t *tree) Rename(from, to string) error {
	var freed []int
	t.renameMu.Lock()
	defer t.unlockAndDrop(&freed)
	if t.pending > 0 {
		t.settle()
	}
	if _, ok := t.entries[to]; ok {
		return errExists
	}
	v, ok := t.entries[from]
	if !ok {
		return errors.New("no such entry")
	}
	delete(t.entries, from)
	t.entries[to] = v
	return nil
}
