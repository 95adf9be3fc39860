package fresh

import (
	"context"
	"sync"
)

type dialogJ15 struct {
	replies chan string
	errs    chan error
	setup   sync.Once
	read    func() (string, error)
}

func newDialogJ15(read func() (string, error)) *dialogJ15 { return &dialogJ15{read: read} }

func (d *dialogJ15) init() {
	d.replies = make(chan string, 1)
	d.errs = make(chan error, 1)
}

func (d *dialogJ15) reset() {}

// `d.setup.Do(d.init)` runs init before Do returns: both channels exist before the
// goroutine starts (MADE_BEFORE_START through a sync.Once).
func (d *dialogJ15) Ask(ctx context.Context) (string, error) {
	d.setup.Do(d.init)
	go func() {
		r, err := d.read()
		if err != nil {
			d.errs <- err
			return
		}
		d.replies <- r
	}()
	select {
	case r := <-d.replies:
		return r, nil
	case err := <-d.errs:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
