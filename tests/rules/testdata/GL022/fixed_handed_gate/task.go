package render

import "errors"

var errEmpty = errors.New("render: empty page")

// Task is one page queued for rendering; Result waits until a worker finishes it.
type Task struct {
	page  string
	ready chan struct{}
	out   []byte
	err   error
}

func newTask(page string) *Task {
	return &Task{page: page, ready: make(chan struct{})}
}

// finish records the worker's outcome and wakes whoever waits for it.
func (t *Task) finish(out []byte, err error) {
	if err != nil {
		t.err = err
		close(t.ready)
		return
	}
	if len(out) == 0 {
		t.err = errEmpty
	}
	t.out = out
	close(t.ready)
}

// Result blocks until the page is rendered.
func (t *Task) Result() ([]byte, error) {
	<-t.ready
	return t.out, t.err
}
