package cancelmap

import (
	"context"
	"sync"
)

// run: t := NewTracker(); t.Begin("job-1"); t.Forget("job-1")

// Tracker arms a cleanup goroutine per job, run when the job's context is cancelled.
type Tracker struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
	cleaned int
}

func NewTracker() *Tracker {
	return &Tracker{cancels: make(map[string]context.CancelFunc)}
}

func (t *Tracker) cleanup(ctx context.Context) {
	<-ctx.Done() // want "goroutine `cleanup` blocks forever receiving from `ctx.Done\(\)`"
	t.mu.Lock()
	t.cleaned++
	t.mu.Unlock()
}

func (t *Tracker) Begin(id string) {
	ctx, cancel := context.WithCancel(context.Background())
	t.mu.Lock()
	t.cancels[id] = cancel
	t.mu.Unlock()
	go t.cleanup(ctx)
}

// Forget drops a job that finished.
func (t *Tracker) Forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.cancels, id)
}
