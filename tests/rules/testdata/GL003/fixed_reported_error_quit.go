package fixedreportederrorquit

import "errors"

// The locker goroutine reports the error of its acquire and returns on it before it
// waits on release: when Lock leaves on that error, nothing is left waiting.
type lock struct {
	release  chan struct{}
	released chan struct{}
}

func acquire(name string) (int, error) {
	if name == "" {
		return 0, errors.New("no name")
	}
	return 1, nil
}

func Lock(name string, free func(int)) (*lock, error) {
	l := &lock{release: make(chan struct{}), released: make(chan struct{})}
	errCh := make(chan error, 1)
	go func() {
		defer close(l.released)
		handle, err := acquire(name)
		errCh <- err
		if err != nil {
			return
		}
		<-l.release
		free(handle)
	}()
	if err := <-errCh; err != nil {
		return nil, err
	}
	return l, nil
}

// Unlock frees the lock and waits until it is freed.
func (l *lock) Unlock() {
	close(l.release)
	<-l.released
}
