package crawl

import (
	"errors"
	"sync"
)

var errFrontierClosed = errors.New("crawl: frontier closed")

// frontier holds the URLs waiting to be fetched.
type frontier struct {
	mu     sync.Mutex
	cond   *sync.Cond
	urls   []string
	closed bool
}

func newFrontier() *frontier {
	q := &frontier{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Push queues a URL and wakes one fetcher.
func (q *frontier) Push(u string) {
	q.mu.Lock()
	q.urls = append(q.urls, u)
	q.mu.Unlock()
	q.cond.Signal()
}

// Take waits for the next URL, or for the frontier to close.
func (q *frontier) Take() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if q.closed {
			return "", errFrontierClosed
		}
		if len(q.urls) > 0 {
			u := q.urls[0]
			q.urls = q.urls[1:]
			return u, nil
		}
		q.cond.Wait()
	}
}

// Close ends every Take.
func (q *frontier) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
