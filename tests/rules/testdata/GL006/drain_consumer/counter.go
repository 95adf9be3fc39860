package drainconsumer

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Counter counts the words it is given.
type Counter struct {
	mu   sync.Mutex
	seen map[string]int
}

func (c *Counter) split(text string, out chan<- string) {
	defer close(out)
	for _, w := range strings.Fields(text) {
		time.Sleep(time.Millisecond)
		out <- w
	}
}

func (c *Counter) count(ctx context.Context, in <-chan string) {
	for {
		select {
		case w, ok := <-in:
			if !ok {
				return
			}
			c.mu.Lock()
			c.seen[w]++
			c.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}
