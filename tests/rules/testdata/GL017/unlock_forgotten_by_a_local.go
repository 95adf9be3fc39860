package unlockforgottenbyalocal

import (
	"errors"
	"sync"
)

// run: p := NewPublisher(); p.Ack("a", false); go p.Ack("a", true)

var errNoAck = errors.New("publisher: no acknowledgement")

// Publisher tracks the messages still waiting for an acknowledgement.
type Publisher struct {
	mu      sync.Mutex
	pending map[string]int
	failed  []string
}

func NewPublisher() *Publisher {
	return &Publisher{pending: map[string]int{"a": 0}}
}

// Ack settles one message. report only records the failure: the path that
// calls it returns with p.mu still taken.
func (p *Publisher) Ack(id string, ok bool) error {
	p.mu.Lock() // want "`p.mu` stays locked when `Ack` returns at line 37: no `p.mu.Unlock\(\)` on that path"
	report := func(err error) error {
		delete(p.pending, id)
		p.failed = append(p.failed, id)
		return err
	}
	if _, known := p.pending[id]; !known {
		p.mu.Unlock()
		return nil
	}
	if !ok {
		return report(errNoAck)
	}
	delete(p.pending, id)
	p.mu.Unlock()
	return nil
}
