// Package cmdbus delivers commands to connected IoT devices and waits for
// their acknowledgements. Each device session has its own queue and writer
// goroutine, so one slow device never holds up the rest of the fleet.
package cmdbus

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Errors returned by the bus. They are wrapped with context about the
// command and device, so compare them with errors.Is.
var (
	ErrUnknownDevice = errors.New("cmdbus: unknown device")
	ErrDisconnected  = errors.New("cmdbus: device disconnected")
	ErrQueueFull     = errors.New("cmdbus: device queue full")
	ErrAckTimeout    = errors.New("cmdbus: acknowledgement timed out")
	ErrRejected      = errors.New("cmdbus: command rejected by device")
	ErrPurged        = errors.New("cmdbus: command purged")
	ErrClosed        = errors.New("cmdbus: bus closed")
)

// Command is an instruction addressed to a single device.
type Command struct {
	// ID correlates the command with its acknowledgement. Send assigns one
	// when it is empty.
	ID       string
	DeviceID string
	Name     string
	Payload  []byte
}

// AckStatus is the outcome a device reports for a command.
type AckStatus int

// Acknowledgement statuses understood by the bus.
const (
	AckOK AckStatus = iota
	AckRejected
)

// Ack is a device's acknowledgement of a command.
type Ack struct {
	CommandID string
	Status    AckStatus
	Result    []byte
	Reason    string
}

// Conn is the transport to one connected device, for example an MQTT
// session or a websocket.
type Conn interface {
	WriteCommand(ctx context.Context, cmd Command) error
}

// Clock abstracts timers so acknowledgement timeouts can be tested.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Option configures a Bus.
type Option func(*Bus)

// WithAckTimeout sets how long Send waits for an acknowledgement.
func WithAckTimeout(d time.Duration) Option { return func(b *Bus) { b.ackTimeout = d } }

// WithQueueLimit caps the number of commands queued per device.
func WithQueueLimit(n int) Option { return func(b *Bus) { b.queueLimit = n } }

// WithClock replaces the wall clock used for acknowledgement timeouts.
func WithClock(c Clock) Option { return func(b *Bus) { b.clock = c } }

type result struct {
	ack Ack
	err error
}

// Bus routes commands to device sessions and acknowledgements back to the
// callers waiting for them. It is safe for concurrent use.
type Bus struct {
	ackTimeout   time.Duration
	writeTimeout time.Duration
	queueLimit   int
	clock        Clock

	seq uint64

	mu       sync.Mutex
	sessions map[string]*session
	pending  map[string]chan result
	closed   bool
}

// New returns a Bus with no devices attached.
func New(opts ...Option) *Bus {
	b := &Bus{
		ackTimeout:   10 * time.Second,
		writeTimeout: 5 * time.Second,
		queueLimit:   64,
		clock:        systemClock{},
		sessions:     make(map[string]*session),
		pending:      make(map[string]chan result),
	}
	for _, o := range opts {
		o(b)
	}
	return b
}

// Attach registers conn as the live connection for deviceID. It is called
// when a device connects and again whenever it reconnects; commands still
// queued for the previous connection are carried over to the new one.
func (b *Bus) Attach(deviceID string, conn Conn) error {
	s := newSession(deviceID, conn, b)

	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	old := b.sessions[deviceID]
	b.sessions[deviceID] = s
	b.mu.Unlock()

	if old != nil {
		s.outbox.requeue(old.outbox.drain())
	}
	go s.run()
	return nil
}

// Detach removes the device's session. Commands that were queued but not
// yet written fail with ErrDisconnected.
func (b *Bus) Detach(deviceID string) {
	b.mu.Lock()
	s, ok := b.sessions[deviceID]
	delete(b.sessions, deviceID)
	b.mu.Unlock()
	if !ok {
		return
	}
	for _, env := range s.outbox.close() {
		b.fail(env.cmd.ID, fmt.Errorf("cmdbus: %s on %s: %w", env.cmd.Name, deviceID, ErrDisconnected))
	}
}

// Purge discards the commands queued for deviceID that have not been
// written yet, for example after an operator cancels a firmware rollout.
// Their Send calls fail with ErrPurged. It returns the number discarded.
func (b *Bus) Purge(deviceID string) int {
	b.mu.Lock()
	s, ok := b.sessions[deviceID]
	b.mu.Unlock()
	if !ok {
		return 0
	}
	envs := s.outbox.drain()
	for _, env := range envs {
		b.fail(env.cmd.ID, fmt.Errorf("cmdbus: %s on %s: %w", env.cmd.Name, deviceID, ErrPurged))
	}
	return len(envs)
}

// Send queues cmd for its device and waits for the acknowledgement. A
// rejected command returns the device's Ack together with an error
// wrapping ErrRejected.
func (b *Bus) Send(ctx context.Context, cmd Command) (Ack, error) {
	if cmd.ID == "" {
		cmd.ID = cmd.DeviceID + "-" + strconv.FormatUint(atomic.AddUint64(&b.seq, 1), 10)
	}
	ch := make(chan result, 1)

	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return Ack{}, ErrClosed
	}
	s, ok := b.sessions[cmd.DeviceID]
	if !ok {
		b.mu.Unlock()
		return Ack{}, fmt.Errorf("%w: %q", ErrUnknownDevice, cmd.DeviceID)
	}
	b.pending[cmd.ID] = ch
	b.mu.Unlock()

	if err := s.outbox.push(&envelope{cmd: cmd}); err != nil {
		b.forget(cmd.ID)
		return Ack{}, fmt.Errorf("cmdbus: enqueue %s for %s: %w", cmd.Name, cmd.DeviceID, err)
	}

	timeout := b.clock.After(b.ackTimeout)
	select {
	case r := <-ch:
		if r.err != nil {
			return r.ack, r.err
		}
		return r.ack, ackError(r.ack)
	case <-timeout:
		b.forget(cmd.ID)
		return Ack{}, fmt.Errorf("cmdbus: %s on %s: %w", cmd.Name, cmd.DeviceID, ErrAckTimeout)
	case <-ctx.Done():
		b.forget(cmd.ID)
		return Ack{}, fmt.Errorf("cmdbus: %s on %s: %w", cmd.Name, cmd.DeviceID, ctx.Err())
	}
}

// HandleAck routes an acknowledgement received from a device to the Send
// call waiting for it. It reports false for late or unknown acks.
func (b *Bus) HandleAck(ack Ack) bool {
	b.mu.Lock()
	ch, ok := b.pending[ack.CommandID]
	delete(b.pending, ack.CommandID)
	b.mu.Unlock()
	if ok {
		ch <- result{ack: ack}
	}
	return ok
}

// Close detaches every device and fails all outstanding commands with
// ErrClosed.
func (b *Bus) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	b.closed = true
	sessions := b.sessions
	pending := b.pending
	b.sessions = make(map[string]*session)
	b.pending = make(map[string]chan result)
	b.mu.Unlock()

	for _, s := range sessions {
		s.outbox.close()
	}
	for _, ch := range pending {
		ch <- result{err: ErrClosed}
	}
	return nil
}

func (b *Bus) fail(commandID string, err error) {
	b.mu.Lock()
	ch, ok := b.pending[commandID]
	delete(b.pending, commandID)
	b.mu.Unlock()
	if ok {
		ch <- result{err: err}
	}
}

func (b *Bus) forget(commandID string) {
	b.mu.Lock()
	delete(b.pending, commandID)
	b.mu.Unlock()
}

func ackError(a Ack) error {
	if a.Status == AckOK {
		return nil
	}
	return fmt.Errorf("%w: %s: %s", ErrRejected, a.CommandID, a.Reason)
}
