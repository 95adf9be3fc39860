package planruns

import "sync"

// Planner lets one plan run at a time; a stop waits for the running one to finish.
type Planner struct {
	mu      sync.Mutex
	runCond *sync.Cond
	stopped bool
}

// acquire waits for the run in progress, then starts one of its own.
func (p *Planner) acquire() func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.runCond != nil {
		p.runCond.Wait()
	}
	p.runCond = sync.NewCond(&p.mu)
	return p.release
}

// release ends the run: its condition is taken into a local, the field cleared, and
// the waiters woken through the local.
func (p *Planner) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	cond := p.runCond
	p.runCond = nil
	cond.Broadcast()
}

// Stop waits for the run in progress, if any, once.
func (p *Planner) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if cond := p.runCond; cond != nil {
		cond.Wait()
	}
}

// Plan runs one plan.
func (p *Planner) Plan(step func()) {
	done := p.acquire()
	defer done()
	step()
}
