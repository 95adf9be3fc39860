package dial_retry

import (
	"errors"
	"fmt"
	"time"
)

// run: stop := make(chan struct{}); close(stop); _ = Connect(stop, "queue.internal:5672")

const maxAttempts = 4

var errStopped = errors.New("dialer stopped")

type dialer struct {
	backoff time.Duration
}

func (d *dialer) dial(addr string) error {
	time.Sleep(5 * time.Millisecond)
	if addr == "" {
		return errors.New("empty address")
	}
	return nil
}

// Connect dials addr with retries until it succeeds, the attempts run out or stop is closed.
func Connect(stop <-chan struct{}, addr string) error {
	d := &dialer{backoff: time.Millisecond}
	var last error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		errc := make(chan error)
		go func() {
			err := d.dial(addr)
			errc <- err // want "blocks forever"
		}()
		select {
		case err := <-errc:
			if err == nil {
				return nil
			}
			last = err
			time.Sleep(d.backoff * time.Duration(attempt))
		case <-stop:
			return errStopped
		}
	}
	return fmt.Errorf("after %d attempts: %w", maxAttempts, last)
}
