package fixed_ticket_tasks

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// run: _, _ = NewDesk(time.Millisecond).Issue("ops")

var errSlowIssuer = errors.New("ticket issuer timed out")

// tasks starts goroutines and can wait for them all, as sync.WaitGroup.Go does in Go 1.25.
type tasks struct {
	wg sync.WaitGroup
}

func (t *tasks) Go(f func()) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		f()
	}()
}

func (t *tasks) Wait() { t.wg.Wait() }

// Desk issues support tickets from a numbering service.
type Desk struct {
	timeout time.Duration
	bg      tasks
	next    int
	mu      sync.Mutex
}

func NewDesk(timeout time.Duration) *Desk { return &Desk{timeout: timeout, next: 1000} }

func (d *Desk) number(queue string) string {
	time.Sleep(10 * time.Millisecond)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.next++
	return fmt.Sprintf("%s-%d", queue, d.next)
}

// Issue returns a ticket for queue, or gives up after the desk's timeout.
func (d *Desk) Issue(queue string) (string, error) {
	tickets := make(chan string)
	done := make(chan struct{})
	defer close(done)
	d.bg.Go(func() {
		n := d.number(queue)
		select {
		case tickets <- n:
		case <-done: // Issue already gave up on this number
		}
	})
	select {
	case n := <-tickets:
		return n, nil
	case <-time.After(d.timeout):
		return "", errSlowIssuer
	}
}
