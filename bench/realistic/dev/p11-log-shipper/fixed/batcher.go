// Package shipper batches log lines and sends them to a collector.
package shipper

import (
	"strings"
	"sync"
	"time"
)

// Sink receives whole batches.
type Sink func(batch []string) error

// Batcher groups lines into batches of up to Size, flushing at least every Every.
type Batcher struct {
	in    chan string
	quit  chan struct{}
	done  chan struct{}
	sink  Sink
	size  int
	every time.Duration

	mu     sync.Mutex
	failed int
}

// NewBatcher starts the batching loop.
func NewBatcher(sink Sink, size int, every time.Duration) *Batcher {
	b := &Batcher{
		in:    make(chan string),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
		sink:  sink,
		size:  size,
		every: every,
	}
	go b.run()
	return b
}

// Add queues one line; after Close it reports false and drops the line.
func (b *Batcher) Add(line string) bool {
	select {
	case b.in <- strings.TrimRight(line, "\n"):
		return true
	case <-b.quit:
		return false
	}
}

func (b *Batcher) run() {
	defer close(b.done)
	var batch []string
	tick := time.NewTicker(b.every)
	defer tick.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if err := b.sink(batch); err != nil {
			b.mu.Lock()
			b.failed += len(batch)
			b.mu.Unlock()
		}
		batch = nil
	}
	for {
		select {
		case l := <-b.in:
			batch = append(batch, l)
			if len(batch) >= b.size {
				flush()
			}
		case <-tick.C:
			flush()
		case <-b.quit:
			flush()
			return
		}
	}
}

// Close flushes what is queued and stops the loop.
func (b *Batcher) Close() {
	close(b.quit)
	<-b.done
}
