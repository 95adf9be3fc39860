package optiononly

import "time"

// Option configures a Ticker.
type Option func(*Ticker)

// WithMissed delivers a notice for every tick a slow handler missed.
func WithMissed(ch chan<- time.Time) Option { return func(t *Ticker) { t.missed = ch } }

// WithPeriod sets how often the handler runs.
func WithPeriod(d time.Duration) Option {
	return func(t *Ticker) {
		t.period = d
	}
}

type Ticker struct {
	period  time.Duration
	missed  chan<- time.Time
	busy    bool
	quit    chan struct{}
	handler func()
}

func Start(handler func(), opts ...Option) *Ticker {
	t := &Ticker{period: time.Second, quit: make(chan struct{}), handler: handler}
	for _, o := range opts {
		o(t)
	}
	go t.loop() // want "goroutine blocks forever when the caller does not pass `WithMissed`: `Ticker.missed` stays nil"
	return t
}

func (t *Ticker) Stop() { close(t.quit) }
