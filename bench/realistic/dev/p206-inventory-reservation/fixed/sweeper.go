package reservation

import (
	"sort"
	"time"
)

// Clock abstracts time so that expiry can be tested deterministically.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the sweeper needs.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

// sweepLoop reclaims expired holds on every tick until the service closes.
func (s *Service) sweepLoop(t Ticker) {
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C():
			for _, h := range s.sweep(now) {
				s.onExpire(h)
			}
		}
	}
}

// sweep removes every hold that expired at or before now and returns copies
// of them, oldest first. Holds in the middle of a confirmation are skipped;
// Confirm decides their fate.
func (s *Service) sweep(now time.Time) []Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	var expired []Hold
	for _, h := range s.holds {
		if h.confirming || now.Before(h.ExpiresAt) {
			continue
		}
		expired = append(expired, *h)
		s.releaseLocked(h)
	}
	sort.Slice(expired, func(i, j int) bool {
		return expired[i].ExpiresAt.Before(expired[j].ExpiresAt)
	})
	return expired
}
