package replacedcondlistener

import "sync"

// run: b := NewBus(); b.Subscribe("audit", func(string) {}); b.Subscribe("audit", func(string) {}); b.Close()

// Bus delivers events to named subscribers, each on a goroutine of its own.
type Bus struct {
	mu   sync.Mutex
	subs map[string]*subscriber
}

func NewBus() *Bus { return &Bus{subs: make(map[string]*subscriber)} }

// Subscribe registers fn under name; a name already in use gets the new function.
func (b *Bus) Subscribe(name string, fn func(string)) {
	s := newSubscriber(fn)
	b.mu.Lock()
	b.subs[name] = s // want "the object this store replaces keeps its goroutine `run` running forever"
	b.mu.Unlock()
	go s.run()
}

// Publish queues ev for every subscriber.
func (b *Bus) Publish(ev string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s.add(ev)
	}
}

// Close stops every subscriber.
func (b *Bus) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, s := range b.subs {
		s.stop()
		delete(b.subs, name)
	}
}

type subscriber struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []string
	stopped bool
	fn      func(string)
}

func newSubscriber(fn func(string)) *subscriber {
	s := &subscriber{fn: fn}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *subscriber) add(ev string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		s.pending = append(s.pending, ev)
		s.cond.Signal()
	}
}

func (s *subscriber) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	s.cond.Broadcast()
}

func (s *subscriber) run() {
	for {
		s.mu.Lock()
		for len(s.pending) == 0 && !s.stopped {
			s.cond.Wait()
		}
		batch := s.pending
		s.pending = nil
		s.mu.Unlock()
		if len(batch) == 0 {
			return
		}
		for _, ev := range batch {
			s.fn(ev)
		}
	}
}
