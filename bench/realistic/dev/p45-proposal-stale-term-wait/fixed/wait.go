package replog

import (
	"fmt"
	"sync"
)

// waitRegistry lets a proposer wait for the outcome of the entry it proposed.
// Each proposal registers its id; whoever settles the proposal triggers that id
// with the result.
type waitRegistry struct {
	mu sync.Mutex
	m  map[uint64]chan Result
}

func newWaitRegistry() *waitRegistry {
	return &waitRegistry{m: make(map[uint64]chan Result)}
}

// register returns the channel on which the result for id will be delivered.
func (w *waitRegistry) register(id uint64) <-chan Result {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, dup := w.m[id]; dup {
		panic(fmt.Sprintf("replog: duplicate wait id %d", id))
	}
	ch := make(chan Result, 1)
	w.m[id] = ch
	return ch
}

// trigger delivers r to whoever registered id, and forgets id. It reports
// whether anyone was waiting.
func (w *waitRegistry) trigger(id uint64, r Result) bool {
	w.mu.Lock()
	ch, ok := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ok {
		ch <- r
	}
	return ok
}

// pending reports how many proposals are still waiting for an outcome.
func (w *waitRegistry) pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.m)
}
