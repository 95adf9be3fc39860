package itemcountedoutinacallee

import (
	"errors"
	"sync"
	"time"
)

// run: p := NewPress(); p.Submit(""); p.Submit("ok"); p.Close(); done := make(chan struct{}); go func() { p.Drain(); close(done) }(); select { case <-done: case <-time.After(100 * time.Millisecond): }

// Press prints the pages it is given, one worker taking them off a queue.
type Press struct {
	pending sync.WaitGroup
	queue   chan string
	printed []string
	started time.Time
}

func NewPress() *Press {
	p := &Press{queue: make(chan string, 8), started: time.Now()}
	go p.work()
	return p
}

func (p *Press) Submit(page string) {
	p.pending.Add(1)
	p.queue <- page
}

func (p *Press) work() {
	for page := range p.queue {
		p.print(page)
	}
}

func (p *Press) print(page string) {
	if err := check(page); err != nil {
		return
	}
	defer p.pending.Done()
	p.printed = append(p.printed, page)
}

func check(page string) error {
	if page == "" {
		return errors.New("empty page")
	}
	return nil
}

func (p *Press) Close() { close(p.queue) }

// Drain waits for every submitted page.
func (p *Press) Drain() {
	p.pending.Wait() // want "`p\\.pending\\.Wait\\(\\)` never returns once `work` skips an item: each item sent is counted in with `Add\\(1\\)` and out by `p\\.pending\\.Done\\(\\)` in `print`"
}
