package metrics_reporter

import (
	"sync"
	"time"
)

// run: r := NewReporter(Options{Interval: time.Millisecond}); r.Count("requests"); r.Close()

// Options configure a Reporter. Done, when the caller sets it, stops the reporter once closed.
type Options struct {
	Interval time.Duration
	Done     <-chan struct{}
}

// Reporter flushes counters every interval.
type Reporter struct {
	opts     Options
	mu       sync.Mutex
	counters map[string]int
	flushed  int
}

func NewReporter(opts Options) *Reporter {
	r := &Reporter{opts: opts, counters: map[string]int{}}
	go r.loop()
	return r
}

func (r *Reporter) loop() {
	for { // want "loops forever"
		select {
		case <-time.After(r.opts.Interval):
			r.flush()
		case <-r.opts.Done:
			return
		}
	}
}

func (r *Reporter) Count(name string) {
	r.mu.Lock()
	r.counters[name]++
	r.mu.Unlock()
}

func (r *Reporter) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.counters {
		delete(r.counters, k)
		r.flushed++
	}
}

// Close flushes what is left; the loop itself ends with the caller's Done.
func (r *Reporter) Close() {
	r.flush()
}
