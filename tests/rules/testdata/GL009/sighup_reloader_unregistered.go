package cache

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type Store struct {
	mu      sync.Mutex
	entries map[string][]byte
	hup     chan os.Signal
}

// Close unregisters the signal, so nothing is ever delivered to `hup` again: the
// handler's loop waits on it for good.
func NewStore() *Store {
	s := &Store{entries: map[string][]byte{}, hup: make(chan os.Signal, 1)}
	signal.Notify(s.hup, syscall.SIGHUP)
	go func() {
		for { // want "goroutine never returns"
			<-s.hup
			s.mu.Lock()
			s.entries = map[string][]byte{}
			s.mu.Unlock()
		}
	}()
	return s
}

func (s *Store) Close() error {
	signal.Stop(s.hup)
	return nil
}
