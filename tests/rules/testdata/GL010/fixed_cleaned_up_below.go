package fixedcleanedupbelow

import (
	"testing"
	"time"
)

// Head keeps recent samples; Init starts its ticker goroutine, Close stops it.
type Head struct {
	quit chan struct{}
	n    int
}

func NewHead() *Head { return &Head{quit: make(chan struct{})} }

func (h *Head) Init() { go h.tick() }

func (h *Head) tick() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			h.n++
		case <-h.quit:
			return
		}
	}
}

func (h *Head) Close() { close(h.quit) }

// newTestHeadWithOptions registers the head's Close with the test.
func newTestHeadWithOptions(t testing.TB) *Head {
	h := NewHead()
	t.Cleanup(func() { h.Close() })
	return h
}

// newTestHead returns what the helper below it makes: the cleanup it registered stops
// the head (CLEANED_UP_BELOW).
func newTestHead(t testing.TB) *Head { return newTestHeadWithOptions(t) }

func checkInit(t *testing.T) {
	head := newTestHead(t)
	head.Init()
}
