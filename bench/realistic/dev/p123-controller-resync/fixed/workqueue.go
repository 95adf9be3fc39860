package controller

import "sync"

// workQueue is a FIFO of keys that holds each key once and never hands a key to two
// workers at once; a key added while being processed is requeued by done.
type workQueue struct {
	mu           sync.Mutex
	cond         *sync.Cond
	items        []string
	dirty        map[string]bool
	processing   map[string]bool
	shuttingDown bool
}

func newWorkQueue() *workQueue {
	q := &workQueue{dirty: make(map[string]bool), processing: make(map[string]bool)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// add marks key as needing work.
func (q *workQueue) add(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shuttingDown || q.dirty[key] {
		return
	}
	q.dirty[key] = true
	if q.processing[key] {
		return
	}
	q.items = append(q.items, key)
	q.cond.Signal()
}

// get blocks until a key is available, or reports shutdown once the queue is drained.
func (q *workQueue) get() (key string, shutdown bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", true
	}
	key, q.items = q.items[0], q.items[1:]
	q.processing[key] = true
	delete(q.dirty, key)
	return key, false
}

// done tells the queue that work on key has finished.
func (q *workQueue) done(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.processing, key)
	if q.dirty[key] {
		q.items = append(q.items, key)
		q.cond.Signal()
	}
}

// shutDown makes the queue refuse new keys and lets workers drain and exit.
func (q *workQueue) shutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shuttingDown = true
	q.cond.Broadcast()
}
