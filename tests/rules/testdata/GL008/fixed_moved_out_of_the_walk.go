package printers

import "sync"

// run: p := NewPool([]string{"a", "b"}); p.Disable("a"); p.Close()

type printer struct {
	name string
	jobs chan string
}

// Pool serves print jobs on one goroutine per printer.
type Pool struct {
	mu       sync.Mutex
	enabled  map[string]*printer
	disabled map[string]*printer
}

// NewPool starts a printer per name, all enabled.
func NewPool(names []string) *Pool {
	p := &Pool{enabled: make(map[string]*printer), disabled: make(map[string]*printer)}
	for _, n := range names {
		if _, ok := p.enabled[n]; ok {
			continue // a name given twice: one printer
		}
		pr := &printer{name: n, jobs: make(chan string, 4)}
		p.enabled[n] = pr
		go p.serve(pr)
	}
	return p
}

func (p *Pool) serve(pr *printer) {
	for job := range pr.jobs {
		_ = job
	}
}

// Submit queues a job on an enabled printer.
func (p *Pool) Submit(name, job string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	pr, ok := p.enabled[name]
	if ok {
		pr.jobs <- job
	}
	return ok
}

// Disable takes a printer out of service; its queued jobs still print.
func (p *Pool) Disable(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr, ok := p.enabled[name]; ok {
		delete(p.enabled, name)
		p.disabled[name] = pr
	}
}

// Enable puts a printer back in service.
func (p *Pool) Enable(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr, ok := p.disabled[name]; ok {
		delete(p.disabled, name)
		p.enabled[name] = pr
	}
}

// Close stops every printer.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pr := range p.enabled {
		close(pr.jobs)
	}
	for _, pr := range p.disabled {
		close(pr.jobs)
	}
}
