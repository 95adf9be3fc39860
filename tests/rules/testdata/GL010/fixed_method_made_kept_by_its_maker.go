package fixedmethodmadekeptbyitsmaker

import "sync"

// flusher batches one topic's messages on a goroutine of its own until stop.
type flusher struct {
	in   chan string
	done chan struct{}
}

func (f *flusher) run() {
	for {
		select {
		case <-f.in:
		case <-f.done:
			return
		}
	}
}

func (f *flusher) stop() { close(f.done) }

// Router keeps one flusher per topic, made on first use and stopped by Close.
type Router struct {
	mu       sync.Mutex
	flushers map[string]*flusher
}

func (r *Router) flusherFor(topic string) *flusher {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.flushers[topic]
	if !ok {
		f = &flusher{in: make(chan string), done: make(chan struct{})}
		r.flushers[topic] = f
		go f.run()
	}
	return f
}

// Publish hands msg to its topic's flusher, which the router keeps running.
func (r *Router) Publish(topic, msg string) {
	f := r.flusherFor(topic)
	f.in <- msg
}

// Close stops every flusher.
func (r *Router) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.flushers {
		f.stop()
	}
}
