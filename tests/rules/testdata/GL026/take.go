package take

import "sync"

// Queue passes items from Put to Take, counting both under its lock.
type Queue struct {
	mu    sync.Mutex
	items chan int
	puts  int
	takes int
}

func NewQueue() *Queue { return &Queue{items: make(chan int)} }

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.puts++
	q.mu.Unlock()
	q.items <- v
}

func (q *Queue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.takes++
	return <-q.items // want "this receive on `q.items` waits while holding `q.mu`, but `Put` locks `q.mu` \(line 16\) before it can take the other side"
}
