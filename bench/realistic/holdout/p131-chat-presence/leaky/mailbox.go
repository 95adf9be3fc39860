package presence

import "sync"

// mailbox is an unbounded-by-default FIFO of changes for one subscriber.
// Publishing never blocks on a slow subscriber: when a limit is set the
// oldest undelivered change is dropped instead.
type mailbox struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []Change
	limit   int
	dropped int
	closed  bool
}

func newMailbox(limit int) *mailbox {
	m := &mailbox{limit: limit}
	m.cond = sync.NewCond(&m.mu)
	return m
}

// push appends c and wakes the consumer. It reports false if the mailbox
// has been closed.
func (m *mailbox) push(c Change) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	if m.limit > 0 && len(m.items) >= m.limit {
		m.items[0] = Change{}
		m.items = m.items[1:]
		m.dropped++
	}
	m.items = append(m.items, c)
	m.cond.Signal()
	return true
}

// pop blocks until a change is available or the mailbox is closed and
// drained, in which case ok is false.
func (m *mailbox) pop() (c Change, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.items) == 0 && !m.closed {
		m.cond.Wait() // leak: a replaced subscription's mailbox is never closed
	}
	if len(m.items) == 0 {
		return Change{}, false
	}
	c = m.items[0]
	m.items[0] = Change{}
	m.items = m.items[1:]
	return c, true
}

// close stops the mailbox; changes already queued are still delivered.
func (m *mailbox) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.cond.Broadcast()
}
