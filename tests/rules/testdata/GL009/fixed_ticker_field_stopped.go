package beats

import "time"

// run: b := newBeacon(time.Millisecond); time.Sleep(100 * time.Millisecond); b.stop()

// beacon counts heartbeats on an interval until it is stopped.
type beacon struct {
	ticker *time.Ticker
	beats  chan struct{}
	done   chan struct{}
}

func newBeacon(every time.Duration) *beacon {
	b := &beacon{ticker: time.NewTicker(every), beats: make(chan struct{}, 1), done: make(chan struct{})}
	go b.run()
	return b
}

func (b *beacon) run() {
	for {
		select {
		case <-b.ticker.C:
			select {
			case b.beats <- struct{}{}:
			default:
			}
		case <-b.done:
			return
		}
	}
}

func (b *beacon) stop() {
	b.ticker.Stop()
	close(b.done)
}
