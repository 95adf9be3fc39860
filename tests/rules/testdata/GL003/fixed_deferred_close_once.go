package writer

import "sync/atomic"

// Writer batches points in a goroutine until Close; Close closes the stop channel
// only once (it clears the batch channel as it does), and callers defer it.
type Writer struct {
	stop   chan struct{}
	points chan int
	sent   int
}

func NewWriter() *Writer {
	w := &Writer{stop: make(chan struct{}), points: make(chan int)}
	go w.run()
	return w
}

func (w *Writer) run() {
	for {
		select {
		case p := <-w.points:
			w.sent += p
		case <-w.stop:
			return
		}
	}
}

// Close stops the writer; a second call does nothing.
func (w *Writer) Close() {
	if w.points != nil {
		close(w.stop)
		w.points = nil
	}
}

func Write(values []int) {
	w := NewWriter()
	defer w.Close()
	for _, v := range values {
		w.points <- v
	}
}

// Ticker counts ticks until Stop; Stop closes once, guarded by a compare-and-swap.
type Ticker struct {
	stopped atomic.Bool
	quit    chan struct{}
	beats   chan struct{}
	n       int
}

func NewTicker() *Ticker {
	t := &Ticker{quit: make(chan struct{}), beats: make(chan struct{})}
	go t.loop()
	return t
}

func (t *Ticker) loop() {
	for {
		select {
		case <-t.beats:
			t.n++
		case <-t.quit:
			return
		}
	}
}

func (t *Ticker) Stop() {
	if t.stopped.CompareAndSwap(false, true) {
		close(t.quit)
	}
}

func Beat(times int) {
	t := NewTicker()
	defer t.Stop()
	for i := 0; i < times; i++ {
		t.beats <- struct{}{}
	}
}

// Session serves requests until Close; Close marks itself closed before closing.
type Session struct {
	closed bool
	done   chan struct{}
	reqs   chan string
	last   string
}

func NewSession() *Session {
	s := &Session{done: make(chan struct{}), reqs: make(chan string)}
	go s.serve()
	return s
}

func (s *Session) serve() {
	for {
		select {
		case r := <-s.reqs:
			s.last = r
		case <-s.done:
			return
		}
	}
}

func (s *Session) Close() {
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

func Ask(reqs []string) {
	s := NewSession()
	defer s.Close()
	for _, r := range reqs {
		s.reqs <- r
	}
}
