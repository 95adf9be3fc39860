package watch

import (
	"context"
	"errors"
	"time"
)

type Source interface {
	Poll(ctx context.Context) (string, error)
}

// Watcher polls a source in the background and keeps the last value.
type Watcher struct {
	src    Source
	ctx    context.Context
	cancel context.CancelFunc
	last   string
	errs   chan error
}

func NewWatcher(parent context.Context, src Source) (*Watcher, error) {
	if src == nil {
		return nil, errors.New("watch: no source")
	}
	w := &Watcher{src: src, errs: make(chan error, 1)}
	w.ctx, w.cancel = context.WithCancel(parent)
	go w.closeOnCancel()
	return w, nil
}

func (w *Watcher) closeOnCancel() {
	<-w.ctx.Done()
	close(w.errs)
}

func (w *Watcher) Refresh() error {
	ctx, cancel := context.WithTimeout(w.ctx, time.Second)
	defer cancel()
	v, err := w.src.Poll(ctx)
	if err != nil {
		return err
	}
	w.last = v
	return nil
}

func (w *Watcher) Errors() <-chan error { return w.errs }
