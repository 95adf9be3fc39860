package fp2

import (
	"net"
	"sync"
)

type client struct {
	conn net.Conn
	quit chan struct{}
}

type listener struct {
	ln      net.Listener
	mu      sync.Mutex
	clients map[*client]struct{}
	quit    chan struct{}
}

func (l *listener) listen() {
	go l.acceptLoop()
}

func (l *listener) acceptLoop() {
	for {
		select {
		case <-l.quit:
			return
		default:
		}
		conn, err := l.ln.Accept()
		if err != nil {
			continue // re-checks l.quit; Close also closes l.ln
		}
		l.mu.Lock()
		l.clients[&client{conn: conn, quit: make(chan struct{})}] = struct{}{}
		l.mu.Unlock()
	}
}

// removeClient closes a *client's* quit channel; it has nothing to do with l.quit.
func (l *listener) removeClient(c *client) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.clients[c]; !ok {
		return
	}
	delete(l.clients, c)
	close(c.quit)
}

func (l *listener) Close() {
	close(l.quit)
	l.ln.Close()
}
