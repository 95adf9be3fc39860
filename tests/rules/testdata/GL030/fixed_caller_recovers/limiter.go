package fixedcallerrecovers

import "sync"

// run: l := &Limiter{seen: map[string]int{}, keyOf: func(string) string { panic("no key") }}; l.Serve("a"); go l.Reset()

// Limiter counts requests per key.
type Limiter struct {
	mu    sync.Mutex
	seen  map[string]int
	keyOf func(req string) string // supplied by the caller
}

// Allow counts req and says whether its key is still under the limit.
func (l *Limiter) Allow(req string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.keyOf(req)
	l.seen[k]++
	return l.seen[k] <= 10
}

// Reset forgets every count.
func (l *Limiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = map[string]int{}
}
