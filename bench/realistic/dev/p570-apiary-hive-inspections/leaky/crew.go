package inspections

import (
	"context"
	"sync"
)

// crew is one generation of inspectors sharing a request queue.
type crew struct {
	gen      int
	size     int
	cfg      Config
	requests chan Request
	wg       sync.WaitGroup
}

// hire starts a new crew. The caller must hold s.mu.
func (s *Scheduler) hire(cfg Config) *crew {
	s.gen++
	c := &crew{
		gen:      s.gen,
		size:     cfg.Inspectors,
		cfg:      cfg,
		requests: make(chan Request, cfg.Backlog),
	}
	c.wg.Add(cfg.Inspectors)
	for i := 0; i < cfg.Inspectors; i++ {
		go s.inspector(c.gen, i, c.cfg, c.requests, &c.wg)
	}
	return c
}

// dismiss lets the crew finish the queued requests and go home.
func (c *crew) dismiss() {
	close(c.requests)
	c.wg.Wait()
}

func (s *Scheduler) inspector(gen, id int, cfg Config, requests <-chan Request, wg *sync.WaitGroup) {
	defer wg.Done()
	for req := range requests { // leak: the replaced crew's queue is never closed
		if err := s.inspect(cfg, req); err != nil {
			s.log.Printf("inspections: inspector %d/%d: hive %s: %v", gen, id, req.HiveID, err)
		}
	}
}

func (s *Scheduler) inspect(cfg Config, req Request) error {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()

	hive, err := s.store.Hive(ctx, req.HiveID)
	if err != nil {
		return err
	}
	report := assess(hive, req.Observed, cfg.VarroaThreshold, s.now())
	return s.sink.Publish(ctx, report)
}
