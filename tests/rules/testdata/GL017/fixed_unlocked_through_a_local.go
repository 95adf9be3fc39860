package fixedunlockedthroughalocal

import (
	"errors"
	"sync"
	"time"
)

var errNoAck = errors.New("publisher: no acknowledgement")

// Publisher tracks the messages still waiting for an acknowledgement.
type Publisher struct {
	mu      sync.Mutex
	pending map[string]int
	onError func(id string, err error)
	resend  func(id string) error
}

// Ack settles one message. Every way out lets go of p.mu through finish, the local
// that unlocks before running the callback outside the lock, also in the retry that
// locks again later.
func (p *Publisher) Ack(id string, ok bool) {
	p.mu.Lock()
	tries, known := p.pending[id]
	if !known {
		p.mu.Unlock()
		return
	}
	finish := func(err error) {
		delete(p.pending, id)
		cb := p.onError
		p.mu.Unlock()
		if err != nil && cb != nil {
			cb(id, err)
		}
	}
	if !ok && tries < 3 {
		p.pending[id] = tries + 1
		time.AfterFunc(10*time.Millisecond, func() {
			p.mu.Lock()
			_, still := p.pending[id]
			p.mu.Unlock()
			if !still {
				return
			}
			if err := p.resend(id); err != nil {
				p.mu.Lock()
				finish(err)
			}
		})
		p.mu.Unlock()
		return
	}
	if !ok {
		finish(errNoAck)
		return
	}
	finish(nil)
}
