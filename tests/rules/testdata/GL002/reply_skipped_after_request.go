package replyskippedafterrequest

import "time"

// run: w := New(time.Minute); w.Start(); w.Pause(); w.Stop()

// Stop sends the request first and only then leaves early while paused: the loop
// answers, and nobody takes the answer.
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
	if !w.running {
		return
	}
	w.stop <- struct{}{}
	if w.paused {
		return
	}
	<-w.done
	w.running = false
}

func (w *Watchdog) loop() {
	for {
		select {
		case <-w.stop:
			w.done <- struct{}{} // want "goroutine `loop` blocks forever sending on `w.done` when `Stop` returns at line 37 before receiving from `w.done`"
			return
		case <-time.After(w.timeout):
		}
	}
}
