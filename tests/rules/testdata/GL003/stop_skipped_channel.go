package stopskippedchannel

import (
	"errors"
	"time"
)

// run: _ = Measure([]string{"a", ""})

var (
	errEmpty = errors.New("empty item")
	errLong  = errors.New("item too long")
)

// progress reports elapsed time until it is closed.
type progress struct {
	stop  chan struct{}
	ticks int
}

func newProgress(every time.Duration) *progress {
	p := &progress{stop: make(chan struct{})}
	go p.run(every)
	return p
}

func (p *progress) run(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select { // want "goroutine `run` blocks forever receiving from `p.stop` when `Measure` returns at line \d+ without closing `p.stop`"
		case <-p.stop:
			return
		case <-t.C:
			p.ticks++
		}
	}
}

// Close stops the reports.
func (p *progress) Close() { close(p.stop) }

// Measure checks every item, reporting progress while it runs. The liveness model
// follows the stop channel path by path and reports the way out that skips Close; GL010
// leaves such a stop to it (CHANNEL_STOPS_ARE_THE_MODELS).
func Measure(items []string) error {
	p := newProgress(time.Millisecond)
	for _, it := range items {
		if it == "" {
			return errEmpty
		}
		if len(it) > 10 {
			p.Close()
			return errLong
		}
	}
	p.Close()
	return nil
}
