package fixed_listener

import (
	"errors"
	"fmt"
	"strings"
)

// run: _ = Serve("no-port-here")

type conn struct{ remote string }

type listener struct {
	addr     string
	ready    chan struct{}
	incoming chan conn
	stop     chan struct{}
}

func newListener(addr string) *listener {
	return &listener{
		addr:     addr,
		ready:    make(chan struct{}),
		incoming: make(chan conn),
		stop:     make(chan struct{}),
	}
}

func (l *listener) bind() error {
	if !strings.Contains(l.addr, ":") {
		return errors.New("missing port in " + l.addr)
	}
	return nil
}

// acceptLoop waits until the socket is bound, then hands out connections until stop.
func (l *listener) acceptLoop() {
	<-l.ready
	for {
		select {
		case c := <-l.incoming:
			_ = c.remote
		case <-l.stop:
			return
		}
	}
}

// Serve binds addr and accepts until the listener is stopped.
func Serve(addr string) error {
	l := newListener(addr)
	if err := l.bind(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	go l.acceptLoop() // only once there is a socket to accept on
	close(l.ready)
	close(l.stop)
	return nil
}
