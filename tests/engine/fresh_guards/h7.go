package fp7

import (
	"sync"
	"sync/atomic"
)

type Track struct {
	isClosed atomic.Bool
	mu       sync.Mutex
	chClosed bool
	ch       chan string
}

func NewTrack() *Track {
	t := &Track{ch: make(chan string, 1)}
	go t.worker()
	return t
}

func (t *Track) Notify(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.chClosed {
		select {
		case t.ch <- s:
		default:
		}
	}
}

func (t *Track) worker() {
	for s := range t.ch {
		_ = s
	}
}

// Close's early return is taken only when a previous Close already closed t.ch.
func (t *Track) Close() {
	if t.isClosed.Swap(true) {
		return
	}
	t.mu.Lock()
	t.chClosed = true
	close(t.ch)
	t.mu.Unlock()
}
