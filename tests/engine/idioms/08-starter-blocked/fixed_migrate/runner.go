package fixed_migrate

import (
	"log"
	"sync"
)

// run: go func() { _ = NewRunner([]Step{{Name: "users"}, {Name: "orders", Fail: true}}).Run() }()

// Runner runs independent migration steps in parallel.
type Runner struct {
	steps  []Step
	mu     sync.Mutex
	failed []string
}

func NewRunner(steps []Step) *Runner { return &Runner{steps: steps} }

// Run starts every step and waits for all of them.
func (r *Runner) Run() []string {
	var wg sync.WaitGroup
	for _, s := range r.steps {
		wg.Add(1)
		go r.runStep(s, &wg)
	}
	wg.Wait()
	if len(r.failed) > 0 {
		log.Printf("%d steps failed", len(r.failed))
	}
	return r.failed
}
