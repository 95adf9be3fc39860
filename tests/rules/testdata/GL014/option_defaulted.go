package optiondefaulted

import "time"

// The constructor applies the option itself before the caller's: the field is never nil.
type Option func(*Ticker)

func WithMissed(ch chan<- time.Time) Option { return func(t *Ticker) { t.missed = ch } }

type Ticker struct {
	missed chan<- time.Time
	quit   chan struct{}
	busy   bool
}

func Start(opts ...Option) *Ticker {
	t := &Ticker{quit: make(chan struct{})}
	opts = append([]Option{WithMissed(make(chan time.Time, 16))}, opts...)
	for _, o := range opts {
		o(t)
	}
	go t.loop()
	return t
}

func (t *Ticker) loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-t.quit:
			return
		case now := <-tick.C:
			t.fire(now)
		}
	}
}

func (t *Ticker) fire(now time.Time) {
	if t.busy {
		t.missed <- now
	}
}
