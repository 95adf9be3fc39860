package cmdbus

import (
	"context"
	"fmt"
	"sync"
)

// envelope is a command waiting in a device's outbox.
type envelope struct {
	cmd Command
}

// session owns one device connection and the goroutine writing to it.
type session struct {
	deviceID string
	conn     Conn
	bus      *Bus
	outbox   *outbox
}

func newSession(deviceID string, conn Conn, b *Bus) *session {
	return &session{
		deviceID: deviceID,
		conn:     conn,
		bus:      b,
		outbox:   newOutbox(b.queueLimit),
	}
}

// run writes queued commands to the device until the outbox is closed.
func (s *session) run() {
	for {
		env, ok := s.outbox.pop()
		if !ok {
			return
		}
		s.deliver(env)
	}
}

func (s *session) deliver(env *envelope) {
	ctx, cancel := context.WithTimeout(context.Background(), s.bus.writeTimeout)
	defer cancel()
	if err := s.conn.WriteCommand(ctx, env.cmd); err != nil {
		s.bus.fail(env.cmd.ID, fmt.Errorf("cmdbus: write %s to %s: %w", env.cmd.Name, s.deviceID, err))
	}
}

// outbox is a bounded FIFO; the session's writer sleeps on cond while empty.
type outbox struct {
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []*envelope
	limit  int
	closed bool
}

func newOutbox(limit int) *outbox {
	o := &outbox{limit: limit}
	o.cond = sync.NewCond(&o.mu)
	return o
}

// push appends env, failing if the outbox is closed or full.
func (o *outbox) push(env *envelope) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return ErrDisconnected
	}
	if o.limit > 0 && len(o.queue) >= o.limit {
		return ErrQueueFull
	}
	o.queue = append(o.queue, env)
	o.cond.Signal()
	return nil
}

// requeue puts envs, admitted earlier, in front of anything already queued.
func (o *outbox) requeue(envs []*envelope) {
	if len(envs) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.queue = append(envs, o.queue...)
	o.cond.Signal()
}

// pop blocks for the next command; it returns false once closed and empty.
func (o *outbox) pop() (*envelope, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.queue) == 0 && !o.closed {
		o.cond.Wait() // leak: replaced outbox is drained but never closed, nobody signals again
	}
	if len(o.queue) == 0 {
		return nil, false
	}
	env := o.queue[0]
	o.queue[0] = nil
	o.queue = o.queue[1:]
	return env, true
}

// drain removes and returns everything queued, leaving the outbox open.
func (o *outbox) drain() []*envelope {
	o.mu.Lock()
	defer o.mu.Unlock()
	envs := o.queue
	o.queue = nil
	return envs
}

// close stops the outbox, wakes the writer and returns unwritten commands.
func (o *outbox) close() []*envelope {
	o.mu.Lock()
	o.closed = true
	envs := o.queue
	o.queue = nil
	o.mu.Unlock()
	o.cond.Broadcast()
	return envs
}
