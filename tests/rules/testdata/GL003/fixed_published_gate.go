package fixedpublishedgate

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: g := NewGroup(); for i := 0; i < 2; i++ { go func() { _, _ = g.Load(context.Background(), "k") }() }; time.Sleep(100 * time.Millisecond)

// call is one load in flight; done is closed when val and err are set.
type call struct {
	done chan struct{}
	val  []byte
	err  error
}

// Group loads each key once at a time, however many callers ask for it.
type Group struct {
	mu       sync.Mutex
	inflight map[string]*call
	load     func(ctx context.Context, key string) ([]byte, error)
}

// NewGroup returns a group whose loads fail once, then are abandoned.
func NewGroup() *Group {
	return &Group{inflight: map[string]*call{}, load: func(context.Context, string) ([]byte, error) {
		time.Sleep(5 * time.Millisecond)
		return nil, errRetry
	}}
}

var errRetry = errors.New("temporary failure")

// Load returns the key's value, sharing one load among concurrent callers.
func (g *Group) Load(ctx context.Context, key string) ([]byte, error) {
	g.mu.Lock()
	if c, ok := g.inflight[key]; ok {
		g.mu.Unlock()
		<-c.done
		return c.val, c.err
	}
	c := &call{done: make(chan struct{})}
	g.inflight[key] = c
	g.mu.Unlock()

	val, err := g.load(ctx, key)
	if errors.Is(err, errRetry) {
		g.mu.Lock()
		delete(g.inflight, key)
		g.mu.Unlock()
		c.err = err
		close(c.done)
		return nil, err
	}
	c.val, c.err = val, err
	close(c.done)
	g.mu.Lock()
	delete(g.inflight, key)
	g.mu.Unlock()
	return val, err
}
