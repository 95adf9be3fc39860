package render

import "errors"

// run: p := NewPool(func(string) ([]byte, error) { return nil, errors.New("font missing") }); t := p.Submit("cover"); go p.Run(); go t.Result(); p.Close()

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
	<-t.ready // want "`Result` can wait forever on `t.ready`: each holder gets its own `ready` channel, and `finish`, the one function that closes it, leaves at line 25 without closing it"
	return t.out, t.err
}
