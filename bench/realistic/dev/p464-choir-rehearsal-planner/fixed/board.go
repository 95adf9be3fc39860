package rehearsal

import (
	"log"
	"sync"
)

// noticeBoard fans notices out to one delivery goroutine per section,
// so a slow mail server for one leader does not hold up the others.
type noticeBoard struct {
	mu      sync.Mutex
	subs    map[Section]chan Notice
	buffer  int
	dropped int
	closed  bool
	log     *log.Logger
}

func newNoticeBoard(buffer int, l *log.Logger) *noticeBoard {
	return &noticeBoard{subs: make(map[Section]chan Notice), buffer: buffer, log: l}
}

// subscribe routes notices for section s to deliver.
func (b *noticeBoard) subscribe(s Section, deliver func(Notice)) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	if old, ok := b.subs[s]; ok {
		close(old)
	}
	ch := make(chan Notice, b.buffer)
	b.subs[s] = ch
	go b.run(s, ch, deliver)
	return true
}

func (b *noticeBoard) run(s Section, ch <-chan Notice, deliver func(Notice)) {
	for n := range ch {
		deliver(n)
	}
	b.log.Printf("notice board: %s delivery stopped", s)
}

// publish queues n for each section of the rehearsal. It reports the
// sections that had no leader to tell.
func (b *noticeBoard) publish(n Notice) (unrouted []Section) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return n.Rehearsal.Sections
	}
	for _, s := range n.Rehearsal.Sections {
		ch, ok := b.subs[s]
		if !ok {
			unrouted = append(unrouted, s)
			continue
		}
		select {
		case ch <- n:
		default:
			b.dropped++
			b.log.Printf("notice board: %s queue full, dropped %s %s", s, n.Change, n.Rehearsal.ID)
		}
	}
	return unrouted
}

func (b *noticeBoard) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for s, ch := range b.subs {
		close(ch)
		delete(b.subs, s)
	}
}
