package sweeper

import "time"

// Config says how the sweeper runs; a nil Clock means it never sweeps on its own.
type Config struct {
	Every time.Duration
	Clock func() <-chan time.Time
}

type Sweeper struct {
	every time.Duration
	stop  chan struct{}
	swept int
}

func newSweeper(cfg *Config) *Sweeper {
	return &Sweeper{every: cfg.Every, stop: make(chan struct{})}
}

// Start makes a sweeper and starts its loop when a clock is configured.
func Start(cfg *Config) *Sweeper {
	s := newSweeper(cfg)
	if cfg.Clock != nil {
		go s.loop(cfg.Clock)
	}
	return s
}

func (s *Sweeper) loop(clock func() <-chan time.Time) {
	for {
		select {
		case <-s.stop:
			return
		case <-clock():
			s.swept++
		}
	}
}

func (s *Sweeper) Close() { close(s.stop) }

// withDefaults fills in the clock for callers that want sweeping.
func withDefaults(cfg *Config) *Config {
	if cfg.Clock == nil {
		cfg.Clock = func() <-chan time.Time { return time.After(cfg.Every) }
	}
	return cfg
}

// Count sweeps by hand: its config has no clock, so no loop is started.
func Count() int {
	cfg := &Config{Every: time.Minute}
	s := Start(cfg)
	return s.swept
}
