package tasks

import "sync/atomic"

type Task struct {
	deps     []*Task
	triggers []*Task
	pending  int32
}

// handle queues each task whose dependencies are all done; the root, which depends
// on every task, is queued last, and its handler closes the queue. One handler
// among many closes it (ONE_OF_MANY_CLOSES): each closing would panic.
func handle(t, root *Task, queue chan *Task) {
	if t == root {
		close(queue)
		return
	}
	for _, next := range t.triggers {
		if atomic.AddInt32(&next.pending, -1) == 0 {
			queue <- next
		}
	}
}

func Run(all []*Task) {
	if len(all) == 0 {
		return
	}
	root := &Task{deps: all, pending: int32(len(all))}
	for _, t := range all {
		t.triggers = append(t.triggers, root)
	}
	queue := make(chan *Task)
	go func() {
		for _, t := range all {
			if len(t.deps) == 0 {
				queue <- t
			}
		}
	}()
	for t := range queue {
		go handle(t, root, queue)
	}
}
