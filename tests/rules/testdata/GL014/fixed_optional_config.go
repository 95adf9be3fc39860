package fixedoptionalconfig

import "time"

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
	if cfg.Events == nil {
		cfg.Events = make(chan Event, 1) // nobody listens: events go nowhere, without blocking
	}
	if cfg.Quit == nil {
		cfg.Quit = make(chan struct{})
	}
	p := &Poller{cfg: cfg, pings: make(chan struct{}, 1)}
	go p.notify()
	go p.tick()
	return p
}

func (p *Poller) notify() {
	for range p.pings {
		select {
		case p.cfg.Events <- Event{At: time.Now()}:
		default:
		}
	}
}

func (p *Poller) tick() {
	t := time.NewTicker(p.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-p.cfg.Quit:
			return
		}
	}
}
