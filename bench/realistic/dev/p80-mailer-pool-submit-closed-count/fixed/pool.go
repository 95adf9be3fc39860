package mailer

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Message is one outgoing e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender delivers a message, e.g. over SMTP.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrClosed is returned by Submit once the pool stopped accepting mail.
var ErrClosed = errors.New("mailer: pool closed")

// Pool sends mail on a fixed number of workers. Shutdown is two-phase:
// StopAccepting refuses new mail, Drain waits for accepted mail to go out,
// then Close stops the workers.
type Pool struct {
	sender  Sender
	jobs    chan Message
	closing atomic.Bool

	pending sync.WaitGroup // accepted messages not yet handed to the sender
	workers sync.WaitGroup

	mu     sync.Mutex
	sent   int
	failed []Message
}

// NewPool starts n workers with a queue of size queue.
func NewPool(s Sender, n, queue int) *Pool {
	p := &Pool{sender: s, jobs: make(chan Message, queue)}
	p.workers.Add(n)
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.workers.Done()
	for m := range p.jobs {
		err := p.sender.Send(context.Background(), m)
		p.mu.Lock()
		if err != nil {
			p.failed = append(p.failed, m)
		} else {
			p.sent++
		}
		p.mu.Unlock()
		p.pending.Done()
	}
}

// Submit queues m. It blocks while the queue is full.
func (p *Pool) Submit(ctx context.Context, m Message) error {
	// Count the message before looking at closing, so Drain cannot miss a
	// message that slipped in while shutdown began.
	p.pending.Add(1)
	if p.closing.Load() {
		p.pending.Done()
		return ErrClosed
	}
	select {
	case p.jobs <- m:
		return nil
	case <-ctx.Done():
		p.pending.Done()
		return ctx.Err()
	}
}

// StopAccepting makes further Submit calls fail with ErrClosed.
func (p *Pool) StopAccepting() { p.closing.Store(true) }

// Drain waits until every accepted message has been handed to the sender,
// or until ctx is done.
func (p *Pool) Drain(ctx context.Context) error {
	drained := make(chan struct{})
	go func() {
		p.pending.Wait()
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the workers. Call it after Drain.
func (p *Pool) Close() {
	close(p.jobs)
	p.workers.Wait()
}

// Stats reports how many messages were sent and which failed.
func (p *Pool) Stats() (sent int, failed []Message) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent, append([]Message(nil), p.failed...)
}
