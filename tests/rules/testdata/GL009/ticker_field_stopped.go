package beats

import "time"

// run: b := newBeacon(time.Millisecond); time.Sleep(100 * time.Millisecond); b.stop()

// beacon counts heartbeats on an interval until it is stopped.
type beacon struct {
	ticker *time.Ticker
	beats  chan struct{}
}

func newBeacon(every time.Duration) *beacon {
	b := &beacon{ticker: time.NewTicker(every), beats: make(chan struct{}, 1)}
	go b.run()
	return b
}

func (b *beacon) run() {
	for range b.ticker.C { // want "goroutine `run` loops forever: the `for` at line 20 ranges over `b.ticker.C`, which is never closed \\(stopping a ticker does not close its channel\\), and it has no return or break"
		select {
		case b.beats <- struct{}{}:
		default:
		}
	}
}

func (b *beacon) stop() {
	b.ticker.Stop()
}
