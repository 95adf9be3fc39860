package fixedpolledinaloop

import "errors"

var errLost = errors.New("lease lost")

// Watcher reports, once, that the lease it watches was lost.
type Watcher struct {
	lost chan error
	err  error
}

// Watch starts watching; probe tells whether the lease still holds.
func Watch(probe func() error) *Watcher {
	w := &Watcher{lost: make(chan error)}
	go w.watch(probe)
	return w
}

func (w *Watcher) watch(probe func() error) {
	if err := probe(); err != nil {
		w.lost <- err
		return
	}
}

// Wait polls until the loss is reported, doing other work in between.
func (w *Watcher) Wait(work func()) error {
	for w.err == nil {
		select {
		case w.err = <-w.lost:
		default:
			work()
		}
	}
	return w.err
}
