package ownqueue

import (
	"errors"
	"log"
	"sync"
)

var errQueueFull = errors.New("queue is full")

// queue is the pool's own store of idle workers; callers never supply one.
type queue interface {
	insert(w *worker) error
	detach() *worker
}

type stack struct{ items []*worker }

func (s *stack) insert(w *worker) error {
	s.items = append(s.items, w)
	return nil
}

func (s *stack) detach() *worker {
	if len(s.items) == 0 {
		return nil
	}
	w := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return w
}

type bounded struct {
	items []*worker
	limit int
}

func (b *bounded) insert(w *worker) error {
	if len(b.items) >= b.limit {
		return errQueueFull
	}
	b.items = append(b.items, w)
	return nil
}

func (b *bounded) detach() *worker {
	if len(b.items) == 0 {
		return nil
	}
	w := b.items[0]
	b.items = b.items[1:]
	return w
}

type worker struct {
	pool  *Pool
	tasks chan func()
}

// Pool runs tasks on recycled workers.
type Pool struct {
	lock sync.Mutex
	idle queue
}

// New returns a pool keeping at most limit idle workers (no limit when 0).
func New(limit int) *Pool {
	if limit > 0 {
		return &Pool{idle: &bounded{limit: limit}}
	}
	return &Pool{idle: &stack{}}
}

func (w *worker) run() {
	go func() {
		defer func() {
			if p := recover(); p != nil {
				log.Printf("worker: task panicked: %v", p)
			}
		}()
		for task := range w.tasks {
			task()
			if !w.pool.revert(w) {
				return
			}
		}
	}()
}

func (p *Pool) revert(w *worker) bool {
	p.lock.Lock()
	if err := p.idle.insert(w); err != nil {
		p.lock.Unlock()
		return false
	}
	p.lock.Unlock()
	return true
}

// Submit hands the task to an idle worker, or to a new one.
func (p *Pool) Submit(task func()) {
	p.lock.Lock()
	w := p.idle.detach()
	p.lock.Unlock()
	if w == nil {
		w = &worker{pool: p, tasks: make(chan func(), 1)}
		w.run()
	}
	w.tasks <- task
}

// Close stops every idle worker.
func (p *Pool) Close() {
	p.lock.Lock()
	defer p.lock.Unlock()
	for w := p.idle.detach(); w != nil; w = p.idle.detach() {
		close(w.tasks)
	}
}
