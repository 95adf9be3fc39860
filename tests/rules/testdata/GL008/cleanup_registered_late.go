// NewTransport starts its write workers, then fails on a bad worker count before it
// registers the cleanup that would shut it down: that return leaves every worker
// ranging over a write queue nothing will close.
package cleanuptoolate

import (
	"errors"
	"net"
	"sync"
)

type Transport struct {
	writes    chan []byte
	workers   sync.WaitGroup
	mu        sync.Mutex
	shut      bool
	listeners []net.Listener
}

func (t *Transport) writeWorker() {
	defer t.workers.Done()
	for b := range t.writes { // want "never finishes ranging over `t.writes`"
		_ = b
	}
}

func (t *Transport) Shutdown() error {
	t.mu.Lock()
	if t.shut {
		t.mu.Unlock()
		return nil
	}
	t.shut = true
	close(t.writes)
	t.mu.Unlock()
	for _, l := range t.listeners {
		_ = l.Close()
	}
	t.workers.Wait()
	return nil
}

func NewTransport(addrs []string, workers int) (_ *Transport, err error) {
	t := Transport{writes: make(chan []byte)}
	for i := 0; i < workers; i++ {
		t.workers.Add(1)
		go t.writeWorker()
	}
	if workers > 64 {
		return nil, errors.New("too many write workers")
	}
	defer func() {
		if err != nil {
			_ = t.Shutdown()
		}
	}()
	for _, addr := range addrs {
		if addr == "" {
			return nil, errors.New("empty bind address")
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, err
		}
		t.listeners = append(t.listeners, l)
	}
	return &t, nil
}
