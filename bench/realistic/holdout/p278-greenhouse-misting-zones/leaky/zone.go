package misting

import (
	"fmt"
	"log"
	"sync"
	"time"
)

type mistRequest struct {
	pulse  time.Duration
	reason string
	at     time.Time
	reply  chan error
}

type zone struct {
	id   string
	line int

	mu       sync.Mutex
	cfg      ZoneConfig
	lastMist time.Time

	reqs chan mistRequest
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func (c *Controller) startZone(cfg ZoneConfig) *zone {
	z := &zone{
		id:   cfg.ID,
		line: cfg.Line,
		cfg:  cfg,
		reqs: make(chan mistRequest),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go z.run(c.valve, c.log)
	return z
}

func (z *zone) run(valve Valve, logger *log.Logger) {
	defer close(z.done)
	for {
		select { // leak: worker of a zone moved to another line is never halted
		case <-z.stop:
			return
		case req := <-z.reqs:
			err := z.pulse(valve, req)
			if err != nil {
				logger.Printf("zone %s: line %d: %v", z.id, z.line, err)
			} else {
				logger.Printf("zone %s: misted %v on line %d (%s)", z.id, req.pulse, z.line, req.reason)
			}
			req.reply <- err
		}
	}
}

// pulse opens the line for req.pulse. The line is closed even if the zone is
// halted while the nozzles run.
func (z *zone) pulse(valve Valve, req mistRequest) error {
	if err := valve.Open(z.line); err != nil {
		return fmt.Errorf("open line %d: %w", z.line, err)
	}
	timer := time.NewTimer(req.pulse)
	select {
	case <-timer.C:
	case <-z.stop:
		timer.Stop()
	}
	if err := valve.Close(z.line); err != nil {
		return fmt.Errorf("close line %d: %w", z.line, err)
	}
	z.mu.Lock()
	z.lastMist = req.at
	z.mu.Unlock()
	return nil
}

func (z *zone) halt() {
	z.once.Do(func() { close(z.stop) })
	<-z.done
}

func (z *zone) retune(cfg ZoneConfig) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.cfg = cfg
}

func (z *zone) tuning() ZoneConfig {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.cfg
}

func (z *zone) lastMisted() time.Time {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.lastMist
}
