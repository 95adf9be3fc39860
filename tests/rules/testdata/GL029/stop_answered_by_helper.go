package warmer

import "sync"

// run: w := NewWarmer(counter{}, 1); w.Stop()

// Source makes the items kept warm.
type Source interface {
	Next() string
}

type counter struct{}

func (counter) Next() string { return "item" }

// Warmer keeps a few items made ahead of demand.
type Warmer struct {
	src     Source
	want    int
	mu      sync.Mutex
	wake    *sync.Cond
	ready   []string
	stopped bool
}

// NewWarmer starts keeping want items ready.
func NewWarmer(src Source, want int) *Warmer {
	w := &Warmer{src: src, want: want}
	w.wake = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// shouldFillLocked says whether another item is wanted; never once stopped.
func (w *Warmer) shouldFillLocked() bool {
	if w.stopped || w.want <= 0 {
		return false
	}
	return len(w.ready) < w.want
}

func (w *Warmer) run() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for !w.shouldFillLocked() {
			w.wake.Wait() // want "`w.wake.Wait\(\)` never returns once `Stop` has run: it sets `w.stopped` and wakes the waiters, but the loop waits while `shouldFillLocked\(\)` says no"
		}
		if w.stopped {
			return
		}
		w.mu.Unlock()
		item := w.src.Next()
		w.mu.Lock()
		w.ready = append(w.ready, item)
	}
}

// Take hands out a ready item, if there is one.
func (w *Warmer) Take() (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.ready) == 0 {
		return "", false
	}
	item := w.ready[0]
	w.ready = w.ready[1:]
	w.wake.Signal()
	return item, true
}

// Stop ends the warmer.
func (w *Warmer) Stop() {
	w.mu.Lock()
	w.stopped = true
	w.wake.Broadcast()
	w.mu.Unlock()
}
