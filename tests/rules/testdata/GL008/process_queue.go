package processqueue

import "sync"

// Recorder counts events per user in one goroutine for as long as the process runs:
// it has no stopping method and promises no end.
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
	for user := range r.events {
		r.mu.Lock()
		r.counts[user]++
		r.mu.Unlock()
	}
}

func (r *Recorder) Record(user string) { r.events <- user }
