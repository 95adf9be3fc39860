package fixedreceiveloopdrained

import (
	"errors"
	"net"
)

// Near misses of a receive loop left early, each guarded: the consumer drains the
// channel on its way out (DRAINED_ON_THE_WAY_OUT), or closes the producer's input so
// that it stops (INPUT_CLOSED_ON_LEAVING).

var errStopped = errors.New("stopped")

// decode turns frames into values until next fails.
func decode(next func() (int, error), stop <-chan struct{}) (int, error) {
	values := make(chan int)
	failed := make(chan error, 1)
	go func() {
		defer close(values)
		for {
			v, err := next()
			if err != nil {
				failed <- err
				return
			}
			values <- v
		}
	}()
	sum := 0
	for {
		select {
		case v, ok := <-values:
			if !ok {
				return sum, <-failed
			}
			sum += v
		case <-stop:
			for range values {
			}
			return sum, errStopped
		}
	}
}

// serve hands accepted connections to handle until stop is closed.
func serve(ln net.Listener, stop <-chan struct{}, handle func(net.Conn)) {
	conns := make(chan net.Conn)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	defer ln.Close()
	for {
		select {
		case c := <-conns:
			go handle(c)
		case <-stop:
			return
		}
	}
}

// accept hands accepted connections on until the idle timer fires, closing the
// listener and draining what was accepted meanwhile on the way out.
func accept(ln net.Listener, idle <-chan struct{}, handle func(net.Conn)) {
	conns := make(chan net.Conn)
	go func() {
		defer close(conns)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	defer func() {
		ln.Close()
		for c := range conns {
			c.Close()
		}
	}()
	for {
		select {
		case c := <-conns:
			go handle(c)
		case <-idle:
			return
		}
	}
}
