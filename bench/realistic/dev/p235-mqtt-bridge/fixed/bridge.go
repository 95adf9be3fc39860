package bridge

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Bridge.
type Config struct {
	// Filters are the topic filters subscribed to on the source.
	Filters []string
	// TopicPrefix is prepended to the topic of every forwarded message.
	TopicPrefix string
	// MaxInflight bounds the number of messages awaiting a PUBACK from the
	// destination. Defaults to 32.
	MaxInflight int
	// ReconnectBackoff is the initial delay between reconnection attempts
	// to the destination; it doubles up to MaxReconnectBackoff.
	ReconnectBackoff    time.Duration
	MaxReconnectBackoff time.Duration
	// Metrics receives operational events. Optional.
	Metrics Metrics
}

// pendingMsg is a message published to the destination and not yet
// acknowledged.
type pendingMsg struct {
	msg   Message
	srcID uint16
}

// Bridge forwards messages from a source session to a destination broker.
type Bridge struct {
	cfg    Config
	src    Conn
	dialer Dialer
	win    *window

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	dst     Conn
	nextID  uint16
	pending map[uint16]pendingMsg
	closed  bool
}

// New returns a Bridge reading from src and publishing to connections
// obtained from dialer. Call Start to begin forwarding.
func New(src Conn, dialer Dialer, cfg Config) (*Bridge, error) {
	if len(cfg.Filters) == 0 {
		return nil, errors.New("bridge: no topic filters configured")
	}
	if cfg.MaxInflight <= 0 {
		cfg.MaxInflight = 32
	}
	if cfg.ReconnectBackoff <= 0 {
		cfg.ReconnectBackoff = 100 * time.Millisecond
	}
	if cfg.MaxReconnectBackoff < cfg.ReconnectBackoff {
		cfg.MaxReconnectBackoff = 30 * time.Second
	}
	if cfg.Metrics == nil {
		cfg.Metrics = nopMetrics{}
	}
	return &Bridge{
		cfg:     cfg,
		src:     src,
		dialer:  dialer,
		win:     newWindow(cfg.MaxInflight, cfg.Metrics),
		pending: make(map[uint16]pendingMsg),
	}, nil
}

// Start connects to the destination, subscribes on the source and starts
// forwarding in the background. The bridge runs until Close is called.
func (b *Bridge) Start(ctx context.Context) error {
	dst, err := b.dialer.Dial(ctx)
	if err != nil {
		return fmt.Errorf("bridge: connect to destination: %w", err)
	}
	msgs, err := b.src.Subscribe(ctx, b.cfg.Filters, AtLeastOnce)
	if err != nil {
		dst.Close()
		return fmt.Errorf("bridge: subscribe %v: %w", b.cfg.Filters, err)
	}

	b.mu.Lock()
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.dst = dst
	b.mu.Unlock()

	go b.readAcks(dst)
	go b.forward(msgs)
	return nil
}

// Close stops forwarding and closes both connections. Messages that were
// not acknowledged by the destination are not acknowledged to the source
// either, so the source broker will redeliver them.
func (b *Bridge) Close() error {
	b.mu.Lock()
	if b.closed || b.cancel == nil {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	dst := b.dst
	b.mu.Unlock()

	b.cancel()
	b.win.shutdown()
	err := dst.Close()
	if serr := b.src.Close(); err == nil {
		err = serr
	}
	return err
}

// forward moves messages from the source subscription to the destination,
// never having more than MaxInflight of them unacknowledged.
func (b *Bridge) forward(msgs <-chan Message) {
	for {
		if err := b.win.acquire(); err != nil {
			return
		}
		var (
			m  Message
			ok bool
		)
		select {
		case m, ok = <-msgs:
		case <-b.ctx.Done():
			b.win.release()
			return
		}
		if !ok {
			b.win.release()
			return
		}
		// A failed publish is left pending: the ack reader notices the
		// broken connection and redelivers after reconnecting.
		_ = b.publish(m)
	}
}

func (b *Bridge) publish(m Message) error {
	b.mu.Lock()
	b.nextID++
	if b.nextID == 0 {
		b.nextID = 1
	}
	out := Message{
		Topic:    b.cfg.TopicPrefix + m.Topic,
		Payload:  m.Payload,
		QoS:      AtLeastOnce,
		Retain:   m.Retain,
		PacketID: b.nextID,
	}
	b.pending[out.PacketID] = pendingMsg{msg: out, srcID: m.PacketID}
	dst := b.dst
	b.mu.Unlock()

	if err := dst.Publish(b.ctx, out); err != nil {
		return fmt.Errorf("publish %s: %w", out.Topic, err)
	}
	return nil
}

// readAcks completes pending messages as the destination acknowledges them
// and reconnects when the connection drops.
func (b *Bridge) readAcks(conn Conn) {
	for id := range conn.Acks() {
		b.complete(id)
	}
	if b.ctx.Err() != nil {
		return
	}
	b.reconnect()
}

func (b *Bridge) complete(id uint16) {
	b.mu.Lock()
	p, ok := b.pending[id]
	delete(b.pending, id)
	b.mu.Unlock()
	if !ok {
		return // duplicate PUBACK after a redelivery
	}
	if p.msg.QoS > AtMostOnce && p.srcID != 0 {
		_ = b.src.Ack(b.ctx, p.srcID)
	}
	b.cfg.Metrics.Forwarded(p.msg.Topic)
	b.win.release()
}

// reconnect dials the destination until it succeeds or the bridge is closed,
// then redelivers every unacknowledged message.
func (b *Bridge) reconnect() {
	delay := b.cfg.ReconnectBackoff
	for attempt := 1; ; attempt++ {
		conn, err := b.dialer.Dial(b.ctx)
		if err == nil {
			b.mu.Lock()
			if b.closed {
				b.mu.Unlock()
				conn.Close()
				return
			}
			b.dst = conn
			resend := make([]Message, 0, len(b.pending))
			for _, p := range b.pending {
				m := p.msg
				m.Dup = true
				resend = append(resend, m)
			}
			b.mu.Unlock()

			b.cfg.Metrics.Reconnected(attempt)
			go b.readAcks(conn)
			for _, m := range resend {
				if err := conn.Publish(b.ctx, m); err != nil {
					break // the new ack reader will reconnect again
				}
			}
			return
		}
		t := time.NewTimer(delay)
		select {
		case <-b.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if delay *= 2; delay > b.cfg.MaxReconnectBackoff {
			delay = b.cfg.MaxReconnectBackoff
		}
	}
}
