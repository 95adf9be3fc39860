package closedtogether

import "sync"

// run: a := NewAgent(); _ = a.Close(); _ = a.Close()

// Agent writes queued messages until it is closed; Close may be called twice.
type Agent struct {
	mu      sync.Mutex
	out     chan string
	stop    chan struct{}
	die     chan struct{}
	written int
}

func NewAgent() *Agent {
	a := &Agent{out: make(chan string, 4), stop: make(chan struct{}), die: make(chan struct{})}
	go a.write()
	return a
}

func (a *Agent) write() {
	for {
		select {
		case <-a.out:
			a.written++
		case <-a.stop:
			return
		}
	}
}

func closeConn() error { return nil }

// Close finds die closed on a second call: stop was closed with it by the first.
func (a *Agent) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	select {
	case <-a.die:
		// closed by an earlier call
	default:
		close(a.stop)
		close(a.die)
	}
	return closeConn()
}
