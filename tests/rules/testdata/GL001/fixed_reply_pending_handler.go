package fixedreplypendinghandler

import (
	"context"
	"errors"
)

// run: b := NewBroker(); ctx, cancel := context.WithCancel(context.Background()); cancel(); _, _ = b.Await(ctx, "job-1"); _ = b.Resolve("job-1", "done"); b.Close()

var errClosed = errors.New("broker closed")

type op int

const (
	opAwait op = iota
	opResolve
)

type request struct {
	op     op
	id     string
	value  string
	result chan string
}

// Broker hands each result to whoever awaits its id; one goroutine owns the table.
type Broker struct {
	ops     chan request
	quit    chan struct{}
	pending map[string]chan string
}

func NewBroker() *Broker {
	b := &Broker{ops: make(chan request), quit: make(chan struct{}), pending: make(map[string]chan string)}
	go b.loop()
	return b
}

// submit hands r to the broker's goroutine.
func (b *Broker) submit(r request) error {
	select {
	case b.ops <- r:
		return nil
	case <-b.quit:
		return errClosed
	}
}

func (b *Broker) loop() {
	for {
		select {
		case r := <-b.ops:
			b.apply(r)
		case <-b.quit:
			return
		}
	}
}

func (b *Broker) apply(r request) {
	switch r.op {
	case opAwait:
		b.pending[r.id] = r.result
	case opResolve:
		waiter, ok := b.pending[r.id]
		if !ok {
			return
		}
		delete(b.pending, r.id)
		waiter <- r.value
	}
}

// Close stops the broker.
func (b *Broker) Close() { close(b.quit) }

// Await waits for the result of id, or for ctx to end.
func (b *Broker) Await(ctx context.Context, id string) (string, error) {
	result := make(chan string, 1)
	if err := b.submit(request{op: opAwait, id: id, result: result}); err != nil {
		return "", err
	}
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Resolve delivers value to whoever awaits id.
func (b *Broker) Resolve(id, value string) error {
	return b.submit(request{op: opResolve, id: id, value: value})
}
