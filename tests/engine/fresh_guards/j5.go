package fresh

import (
	"sync/atomic"
	"time"
)

// CLOSE_ONCE_SELECT: `select { case <-halt: default: close(halt) }` skips the close
// only when an earlier call already closed it.
type leaseJ5 struct {
	halt    chan struct{}
	renewed chan struct{}
	every   time.Duration
}

func newLeaseJ5(every time.Duration) *leaseJ5 {
	l := &leaseJ5{halt: make(chan struct{}), renewed: make(chan struct{}, 1), every: every}
	go l.keep()
	return l
}

func (l *leaseJ5) keep() {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-l.halt:
			return
		case <-t.C:
		}
	}
}

func (l *leaseJ5) Release(force bool) error {
	select {
	case <-l.halt:
	default:
		close(l.halt)
	}
	return nil
}

// LOCAL_STATE: the flag an atomic Swap returned, read through a local.
type journalJ5 struct {
	closing atomic.Bool
	bye     chan struct{}
}

func newJournalJ5() *journalJ5 {
	j := &journalJ5{bye: make(chan struct{})}
	go j.flush()
	return j
}

func (j *journalJ5) flush() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-j.bye:
			return
		case <-t.C:
		}
	}
}

func (j *journalJ5) Close(force bool) {
	wasClosing := j.closing.Swap(true)
	if wasClosing {
		return
	}
	close(j.bye)
}

// An atomic compare-and-swap of the receiver's state guards the close.
type pusherJ5 struct {
	live int32
	shut chan struct{}
}

func newPusherJ5(every time.Duration, push func()) *pusherJ5 {
	p := &pusherJ5{live: 1, shut: make(chan struct{})}
	go func() {
		for {
			select {
			case <-p.shut:
				return
			case <-time.After(every):
				push()
			}
		}
	}()
	return p
}

func (p *pusherJ5) Close(force bool) error {
	if atomic.CompareAndSwapInt32(&p.live, 1, 0) {
		close(p.shut)
	}
	return nil
}
