package recoveredflight

import "sync"

// run: g := &Group{}; started, joined, release := make(chan struct{}), make(chan struct{}), make(chan struct{}); g.onShare = func(string) { close(joined) }; go func() { _, _ = g.Do("k", func() (string, error) { close(started); <-release; panic("boom") }) }(); <-started; go func() { _, _ = g.Do("k", nil) }(); <-joined; close(release)

// call is one load in flight; the callers that find it wait on wg.
type call struct {
	wg  sync.WaitGroup
	val string
	err error
}

// Group runs one load per key at a time and hands its result to every caller.
type Group struct {
	mu      sync.Mutex
	calls   map[string]*call
	onShare func(key string) // told when a caller joins a load in flight (metrics)
}

// Do loads key once for all the callers asking for it at the same time.
func (g *Group) Do(key string, load func() (string, error)) (string, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[string]*call)
	}
	if c, ok := g.calls[key]; ok {
		g.mu.Unlock()
		if g.onShare != nil {
			g.onShare(key)
		}
		c.wg.Wait() // want "`c.wg.Wait\\(\\)` blocks forever once `execute` stops a panic with its deferred `recover` at load.go:12 and returns \\(called by `Do`\\) without `c.wg.Done\\(\\)`"
		return c.val, c.err
	}
	c := new(call)
	c.wg.Add(1)
	g.calls[key] = c
	g.mu.Unlock()

	g.execute(c, key, load)
	return c.val, c.err
}

func (g *Group) forget(key string) {
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
}
