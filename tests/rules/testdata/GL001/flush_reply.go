package flushreply

import "time"

// run: b := NewBatcher(); b.Add("x"); _ = b.Flush(time.Millisecond); b.Stop()

// Batcher collects items in one goroutine until a caller flushes them.
type Batcher struct {
	items   chan string
	flushes chan chan []string
	quit    chan struct{}
}

func NewBatcher() *Batcher {
	b := &Batcher{items: make(chan string), flushes: make(chan chan []string), quit: make(chan struct{})}
	go b.run()
	return b
}

func (b *Batcher) run() {
	var pending []string
	for {
		select {
		case it := <-b.items:
			pending = append(pending, it)
		case out := <-b.flushes:
			time.Sleep(20 * time.Millisecond) // writes the batch somewhere first
			out <- pending                    // want "goroutine `run` blocks forever sending on `out` \\(`batch`\\) when `<-time.After\\(wait\\)` wins the select"
			pending = nil
		case <-b.quit:
			return
		}
	}
}

func (b *Batcher) Add(it string) { b.items <- it }

func (b *Batcher) Stop() { close(b.quit) }

// Flush hands back what was collected, unless that takes longer than wait.
func (b *Batcher) Flush(wait time.Duration) []string {
	batch := make(chan []string)
	b.flushes <- batch
	select {
	case items := <-batch:
		return items
	case <-time.After(wait):
		return nil
	}
}
