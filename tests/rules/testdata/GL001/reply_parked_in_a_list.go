package replyparkedinalist

import (
	"context"
	"time"
)

// run: s := New(2); a, ca := context.WithTimeout(context.Background(), 100*time.Millisecond); _, _ = s.Pair(a, "ann"); ca(); b, cb := context.WithTimeout(context.Background(), 100*time.Millisecond); _, _ = s.Pair(b, "bob"); cb(); s.Close()

type ticket struct {
	name   string
	queued time.Time
	paired chan []string
}

// Pairer matches players in groups of size, in the order they come.
type Pairer struct {
	size    int
	tickets chan *ticket
	done    chan struct{}
	waiting []*ticket
}

// New starts a Pairer.
func New(size int) *Pairer {
	p := &Pairer{size: size, tickets: make(chan *ticket), done: make(chan struct{})}
	go p.run()
	return p
}

// Close stops the Pairer.
func (p *Pairer) Close() { close(p.done) }

// Pair waits until name is in a full group, or ctx ends.
func (p *Pairer) Pair(ctx context.Context, name string) ([]string, error) {
	t := &ticket{name: name, queued: time.Now(), paired: make(chan []string)}
	select {
	case p.tickets <- t:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case g := <-t.paired:
		return g, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *Pairer) run() {
	for {
		select {
		case t := <-p.tickets:
			p.waiting = append(p.waiting, t)
			if len(p.waiting) >= p.size {
				p.form()
			}
		case <-p.done:
			return
		}
	}
}

func (p *Pairer) form() {
	group := p.waiting[:p.size]
	names := make([]string, 0, len(group))
	for _, t := range group {
		names = append(names, t.name)
	}
	announce(group, names)
	p.waiting = p.waiting[p.size:]
}

func announce(group []*ticket, names []string) {
	for _, t := range group {
		t.paired <- names // want "goroutine `run` blocks forever sending on `t.paired` when `<-ctx.Done\(\)` wins the select"
	}
}
