package job_runner

import (
	"context"
	"sync"
)

// run: r := NewRunner(); r.Start("backup-nightly"); r.Finish("backup-nightly")

// Runner tracks running jobs; each job has a watchdog that cleans up when it is cancelled.
type Runner struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
	cleaned []string
}

func NewRunner() *Runner {
	return &Runner{cancels: make(map[string]context.CancelFunc)}
}

func (r *Runner) watchdog(ctx context.Context, id string) {
	<-ctx.Done() // want "blocks forever"
	r.mu.Lock()
	r.cleaned = append(r.cleaned, id)
	r.mu.Unlock()
}

// Start registers job id and arms its watchdog.
func (r *Runner) Start(id string) {
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.cancels[id] = cancel
	r.mu.Unlock()
	go r.watchdog(ctx, id)
}

// Finish forgets a job that completed.
func (r *Runner) Finish(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.cancels, id)
}
