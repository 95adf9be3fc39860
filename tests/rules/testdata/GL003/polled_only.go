package polledonly

import "errors"

// run: w := Watch(func() error { return errors.New("lease lost") }); _ = w

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
		w.lost <- err // want "goroutine blocks forever sending on `w.lost` once `Err` stops polling it"
		return
	}
}

// Err returns the loss, if the watcher has reported one yet.
func (w *Watcher) Err() error {
	if w.err == nil {
		select {
		case w.err = <-w.lost:
		default:
		}
	}
	return w.err
}
