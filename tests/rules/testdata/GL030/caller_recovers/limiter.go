package callerrecovers

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
	l.mu.Lock() // want "`l.mu` stays locked if `l.keyOf\\(...\\)` at line 17 panics: `Allow` does not unlock it on the way out, the deferred `recover` of its caller at serve.go:7"
	k := l.keyOf(req)
	l.seen[k]++
	ok := l.seen[k] <= 10
	l.mu.Unlock()
	return ok
}

// Reset forgets every count.
func (l *Limiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = map[string]int{}
}
