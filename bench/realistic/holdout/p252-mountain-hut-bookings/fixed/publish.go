package huts

import (
	"context"
	"time"
)

func (s *Service) publishLoop(ctx context.Context) {
	defer close(s.done)
	ticker := time.NewTicker(s.opts.PublishInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		s.publishAll(ctx)
	}
}

func (s *Service) publishAll(ctx context.Context) {
	today := s.opts.Now()
	for _, id := range s.hutIDs {
		if ctx.Err() != nil {
			return
		}
		a := s.huts[id].availability(today, s.opts.Horizon)
		pctx, cancel := context.WithTimeout(ctx, s.opts.PublishInterval)
		err := s.portal.Publish(pctx, a)
		cancel()
		if err != nil {
			s.log.Printf("huts: publish %s: %v", id, err)
		}
	}
}

func (h *hut) availability(from time.Time, days int) Availability {
	h.mu.RLock()
	defer h.mu.RUnlock()
	a := Availability{HutID: h.info.ID, Free: make(map[string]int, days), At: from}
	for d := 0; d < days; d++ {
		key := nightKey(from.AddDate(0, 0, d))
		a.Free[key] = h.info.Beds - h.occupied[key]
	}
	return a
}

// Availability returns the free beds of a hut for the next nights.
func (s *Service) Availability(hutID string) (Availability, error) {
	h, ok := s.huts[hutID]
	if !ok {
		return Availability{}, ErrUnknownHut
	}
	return h.availability(s.opts.Now(), s.opts.Horizon), nil
}
