package quota

import (
	"context"
	"fmt"
)

// loop flushes usage and expires reservations every FlushInterval.
func (s *Service) loop() {
	defer close(s.loopDone)
	tick, stopTicker := s.cfg.Clock.NewTicker(s.cfg.FlushInterval)
	defer stopTicker()
	for {
		select {
		case <-tick:
			s.expireReservations()
			ctx, cancel := context.WithTimeout(context.Background(), s.cfg.FlushTimeout)
			if err := s.Flush(ctx); err != nil && s.cfg.OnFlushError != nil {
				s.cfg.OnFlushError(err)
			}
			cancel()
		case <-s.stop:
			return
		}
	}
}

func (s *Service) expireReservations() {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, r := range s.reservations {
		if now.After(r.Expires) {
			s.tenants[r.Tenant].reserved[r.Resource] -= r.Amount
			delete(s.reservations, id)
		}
	}
}

// Flush writes committed usage to the Store, one tenant per Store call.
// Usage that could not be written stays pending and is retried by the next
// flush.
func (s *Service) Flush(ctx context.Context) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()

	batch := s.takePending()
	if len(batch) == 0 {
		return nil
	}
	return s.writeBatch(ctx, batch)
}

// takePending moves every tenant's pending usage to flushing.
func (s *Service) takePending() map[string]map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	batch := make(map[string]map[string]int64)
	for tenant, u := range s.tenants {
		for res, n := range u.pending {
			if n == 0 {
				continue
			}
			if batch[tenant] == nil {
				batch[tenant] = make(map[string]int64)
			}
			batch[tenant][res] = n
			u.flushing[res] += n
			delete(u.pending, res)
		}
	}
	return batch
}

// settle moves a tenant's deltas out of flushing: to persisted if they were
// written, back to pending if not.
func (s *Service) settle(tenant string, deltas map[string]int64, written bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.tenants[tenant]
	for res, n := range deltas {
		u.flushing[res] -= n
		if written {
			u.persisted[res] += n
		} else {
			u.pending[res] += n
		}
	}
}

// writeBatch writes each tenant's deltas concurrently, at most
// FlushConcurrency at a time, and returns the first error.
func (s *Service) writeBatch(ctx context.Context, batch map[string]map[string]int64) error {
	sem := make(chan struct{}, s.cfg.FlushConcurrency)
	errc := make(chan error)
	for tenant, deltas := range batch {
		tenant, deltas := tenant, deltas
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			err := s.cfg.Store.Add(ctx, tenant, deltas)
			s.settle(tenant, deltas, err == nil)
			if err != nil {
				err = fmt.Errorf("quota: flush usage of %s: %w", tenant, err)
			}
			errc <- err // leak: writeBatch stops receiving after the first error
		}()
	}
	for range batch {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
