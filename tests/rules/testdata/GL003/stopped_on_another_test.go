package skippedonanothertest

import "time"

// run: w := New(time.Millisecond); w.Start(); w.Pause(); w.Stop()

// Stop leaves early while the watchdog is paused, a test Start does not make: the
// loop is running then, and nothing tells it to stop.
type Watchdog struct {
	timeout time.Duration
	running bool
	paused  bool
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

func (w *Watchdog) Pause() { w.paused = true }

func (w *Watchdog) Stop() {
	if w.paused {
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
		select { // want "goroutine `loop` blocks forever receiving from `w.stop` when `Stop` returns at line 33 without closing `w.stop`"
		case <-w.stop:
			w.done <- struct{}{}
			return
		case <-time.After(w.timeout):
		}
	}
}
