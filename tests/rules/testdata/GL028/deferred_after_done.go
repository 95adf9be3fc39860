package deferredafterdone

import (
	"net"
	"sync"
)

// Listener accepts connections until its socket fails, then closes itself.
type Listener struct {
	ln net.Listener
	wg sync.WaitGroup
}

// Listen starts accepting.
func Listen(ln net.Listener) *Listener {
	l := &Listener{ln: ln}
	l.wg.Add(1)
	go l.run()
	return l
}

func (l *Listener) run() {
	// Deferred calls run last in, first out: Done is paid before Close waits.
	defer l.Close()
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		_ = c.Close()
	}
}

// Close stops accepting and waits for the accepting goroutine.
func (l *Listener) Close() error {
	err := l.ln.Close()
	l.wg.Wait()
	return err
}
