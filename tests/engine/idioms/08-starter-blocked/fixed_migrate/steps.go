package fixed_migrate

import (
	"errors"
	"sync"
)

// Step is one migration; Fail simulates a step whose SQL is rejected.
type Step struct {
	Name string
	Fail bool
}

func (s Step) exec() error {
	if s.Fail {
		return errors.New(s.Name + ": syntax error")
	}
	return nil
}

func (r *Runner) runStep(s Step, wg *sync.WaitGroup) {
	defer wg.Done() // a failed step is finished too
	if err := s.exec(); err != nil {
		r.mu.Lock()
		r.failed = append(r.failed, s.Name)
		r.mu.Unlock()
	}
}
