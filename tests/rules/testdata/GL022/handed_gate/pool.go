package render

// Pool renders queued pages one at a time.
type Pool struct {
	render func(page string) ([]byte, error)
	queue  chan *Task
}

func NewPool(render func(page string) ([]byte, error)) *Pool {
	return &Pool{render: render, queue: make(chan *Task, 16)}
}

// Submit queues a page; the caller waits on the task's Result.
func (p *Pool) Submit(page string) *Task {
	t := newTask(page)
	p.queue <- t
	return t
}

// Run renders queued pages until Close.
func (p *Pool) Run() {
	for t := range p.queue {
		out, err := p.render(t.page)
		t.finish(out, err)
	}
}

// Close stops Run once the queue is drained.
func (p *Pool) Close() { close(p.queue) }
