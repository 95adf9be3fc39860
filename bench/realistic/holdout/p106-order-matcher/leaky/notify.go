package matching

import "sync"

// notifier fans trades out to subscribers on its own goroutine so that slow
// subscribers do not stall the sequencer beyond the trade buffer.
type notifier struct {
	mu   sync.Mutex
	next int
	subs map[int]func(Trade)
}

func newNotifier() *notifier {
	return &notifier{subs: make(map[int]func(Trade))}
}

func (n *notifier) subscribe(fn func(Trade)) func() {
	n.mu.Lock()
	defer n.mu.Unlock()
	id := n.next
	n.next++
	n.subs[id] = fn
	return func() {
		n.mu.Lock()
		delete(n.subs, id)
		n.mu.Unlock()
	}
}

func (n *notifier) snapshot() []func(Trade) {
	n.mu.Lock()
	defer n.mu.Unlock()
	fns := make([]func(Trade), 0, len(n.subs))
	for _, fn := range n.subs {
		fns = append(fns, fn)
	}
	return fns
}

// run delivers trades until the channel is closed.
func (n *notifier) run(trades <-chan Trade) {
	for t := range trades { // leak: sequencer halted without closing trades
		for _, fn := range n.snapshot() {
			fn(t)
		}
	}
}
