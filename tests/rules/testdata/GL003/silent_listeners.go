// Start waits in the background for the first listener to fail, but a listener
// closed on purpose ends its goroutine without a word: after Close, nothing ever
// sends, and the waiter waits for good.
package silentlisteners

import (
	"errors"
	"net"
)

type Proxy struct {
	addrs []string
	lns   []net.Listener
	done  chan struct{}
	err   error
}

func (p *Proxy) Close() error {
	for _, ln := range p.lns {
		ln.Close()
	}
	return nil
}

func (p *Proxy) Start() error {
	if p.done != nil {
		return errors.New("already started")
	}
	p.done = make(chan struct{})
	errc := make(chan error, len(p.addrs))
	for _, addr := range p.addrs {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			p.Close()
			return err
		}
		p.lns = append(p.lns, ln)
		go p.serve(errc, ln)
	}
	go p.awaitFirstError(errc)
	return nil
}

func (p *Proxy) awaitFirstError(errc <-chan error) {
	p.err = <-errc // want "blocks forever receiving from `errc`"
	close(p.done)
}

func (p *Proxy) serve(errc chan<- error, ln net.Listener) {
	for {
		c, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			errc <- err
			return
		}
		c.Close()
	}
}
