package optionalconfig

import "time"

// run: p := NewPoller(PollerConfig{Every: time.Millisecond}); p.Ping()

type Event struct{ At time.Time }

// PollerConfig configures a Poller.
type PollerConfig struct {
	Every  time.Duration
	Events chan<- Event    // optional: receives an event per poll
	Quit   <-chan struct{} // optional
}

type Poller struct {
	cfg   PollerConfig
	pings chan struct{}
}

func NewPoller(cfg PollerConfig) *Poller {
	p := &Poller{cfg: cfg, pings: make(chan struct{}, 1)}
	go p.notify()
	go p.tick()
	return p
}

func (p *Poller) notify() {
	for range p.pings {
		p.cfg.Events <- Event{At: time.Now()} // want "goroutine blocks forever when the caller leaves `PollerConfig.Events` unset: a send on a nil channel never completes"
	}
}

func (p *Poller) tick() {
	t := time.NewTicker(p.cfg.Every)
	defer t.Stop()
	for { // want "goroutine loops forever when the caller leaves `PollerConfig.Quit` unset"
		select {
		case <-t.C:
		case <-p.cfg.Quit:
			return
		}
	}
}

func (p *Poller) Ping() {
	select {
	case p.pings <- struct{}{}:
	default:
	}
}
