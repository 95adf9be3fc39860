package fixeditemcountedoutinacallee

import (
	"errors"
	"sync"
	"time"
)

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
	defer p.pending.Done()
	if err := check(page); err != nil {
		return
	}
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
	p.pending.Wait()
}
