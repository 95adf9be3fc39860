package queueclosecommented

import "sync"

// run: r := NewRecorder(4); r.Record("ann"); r.Stop()

// Recorder counts events per user in one goroutine. Its Stop once closed the queue;
// the close is commented out now, and a comment closes nothing.
type Recorder struct {
	events chan string
	mu     sync.Mutex
	counts map[string]int
}

func NewRecorder(buffer int) *Recorder {
	r := &Recorder{events: make(chan string, buffer), counts: map[string]int{}}
	go r.aggregate()
	return r
}

func (r *Recorder) aggregate() {
	for user := range r.events { // want "goroutine `aggregate` never finishes ranging over `r.events`: nothing in the package closes `r.events`, `Stop` included"
		r.mu.Lock()
		r.counts[user]++
		r.mu.Unlock()
	}
}

func (r *Recorder) Record(user string) { r.events <- user }

// Stop ends the recorder.
func (r *Recorder) Stop() {
	// close(r.events)
}
