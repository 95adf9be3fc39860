package admission

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

// ErrBreakerOpen is returned while the breaker refuses calls.
var ErrBreakerOpen = errors.New("circuit breaker open")

// Breaker wraps a Doer and stops calling it after consecutive failures, so a
// dead policy engine does not add its full timeout to every admission.
type Breaker struct {
	next      Doer
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu       sync.Mutex
	failures int
	openedAt time.Time
}

// NewBreaker opens after threshold consecutive failures and lets one call
// through again after cooldown.
func NewBreaker(next Doer, threshold int, cooldown time.Duration) *Breaker {
	return &Breaker{next: next, threshold: threshold, cooldown: cooldown, now: time.Now}
}

// Do forwards req unless the breaker is open.
func (b *Breaker) Do(req *http.Request) (*http.Response, error) {
	if !b.allow() {
		return nil, ErrBreakerOpen
	}
	resp, err := b.next.Do(req)
	b.record(err == nil && resp.StatusCode < http.StatusInternalServerError)
	return resp, err
}

func (b *Breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failures < b.threshold || b.now().Sub(b.openedAt) >= b.cooldown
}

func (b *Breaker) record(ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ok {
		b.failures = 0
		return
	}
	b.failures++
	if b.failures >= b.threshold {
		b.openedAt = b.now()
	}
}
