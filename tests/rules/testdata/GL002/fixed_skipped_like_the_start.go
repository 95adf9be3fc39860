package skippedlikethestart

import "time"

// A watchdog with no timeout never starts its loop; Stop leaves early on that same
// test, so nothing is waiting for it then.
type Watchdog struct {
	timeout time.Duration
	running bool
	stop    chan struct{}
	done    chan struct{}
}

func New(timeout time.Duration) *Watchdog {
	return &Watchdog{timeout: timeout, stop: make(chan struct{}), done: make(chan struct{})}
}

func (w *Watchdog) Start() {
	if w.running || w.timeout == 0 {
		return
	}
	go w.loop()
	w.running = true
}

func (w *Watchdog) Stop() {
	if w.timeout == 0 {
		return
	}
	if !w.running {
		return
	}
	w.stop <- struct{}{}
	<-w.done
	w.running = false
}

func (w *Watchdog) loop() {
	for {
		select {
		case <-w.stop:
			w.done <- struct{}{}
			return
		case <-time.After(w.timeout):
		}
	}
}
