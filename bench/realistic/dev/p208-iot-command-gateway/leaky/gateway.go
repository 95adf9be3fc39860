// Package cmdgw is the command path of an IoT gateway: it keeps one session
// per connected device, delivers commands to devices over their connection
// and waits for the device to acknowledge them.
package cmdgw

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the Gateway, wrapped with context.
var (
	ErrDeviceOffline = errors.New("cmdgw: device offline")
	ErrAckTimeout    = errors.New("cmdgw: no ack from device")
	ErrRejected      = errors.New("cmdgw: command rejected by device")
	ErrClosed        = errors.New("cmdgw: gateway closed")
)

// Conn is a framed, bidirectional connection to one device (MQTT session,
// websocket, CoAP observe, ...). ReadFrame and WriteFrame may be called
// concurrently with each other; Close unblocks a pending ReadFrame.
type Conn interface {
	ReadFrame() (Frame, error)
	WriteFrame(Frame) error
	Close() error
	RemoteAddr() string
}

// Config configures a Gateway.
type Config struct {
	// AckTimeout bounds how long SendCommand waits for an ack once the
	// command is queued. Defaults to 15s.
	AckTimeout time.Duration
	// QueueDepth is the number of outbound frames buffered per device.
	// Defaults to 32.
	QueueDepth int
	// NewID generates command IDs. Defaults to random hex strings.
	NewID func() string
	// OnTelemetry, if set, receives telemetry frames from devices. It is
	// called from the device's read loop and must not block.
	OnTelemetry func(deviceID string, f Frame)
	// Logf receives connection events. Defaults to discarding them.
	Logf func(format string, args ...any)
}

// Gateway routes commands to connected devices.
type Gateway struct {
	cfg Config

	mu       sync.Mutex
	sessions map[string]*session
	pending  map[string]chan Ack // command ID -> waiter
	closed   bool
}

// New returns a Gateway with no devices attached.
func New(cfg Config) *Gateway {
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = 15 * time.Second
	}
	if cfg.QueueDepth <= 0 {
		cfg.QueueDepth = 32
	}
	if cfg.NewID == nil {
		cfg.NewID = randomID
	}
	if cfg.OnTelemetry == nil {
		cfg.OnTelemetry = func(string, Frame) {}
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return &Gateway{
		cfg:      cfg,
		sessions: make(map[string]*session),
		pending:  make(map[string]chan Ack),
	}
}

// Attach registers conn as the live connection of deviceID and starts
// serving it. A device that reconnects replaces its previous session.
func (g *Gateway) Attach(deviceID string, conn Conn) error {
	s := newSession(deviceID, conn, g.cfg.QueueDepth)

	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		conn.Close()
		return ErrClosed
	}
	old := g.sessions[deviceID]
	g.sessions[deviceID] = s
	g.mu.Unlock()

	if old != nil {
		g.cfg.Logf("cmdgw: %s reconnected from %s, dropping %s",
			deviceID, conn.RemoteAddr(), old.conn.RemoteAddr())
		old.conn.Close()
	}
	go g.writeLoop(s)
	go g.readLoop(s)
	return nil
}

// SendCommand delivers cmd to deviceID and waits for its ack. A device that
// answers with a rejection yields the ack together with ErrRejected.
func (g *Gateway) SendCommand(ctx context.Context, deviceID string, cmd Command) (Ack, error) {
	g.mu.Lock()
	s, ok := g.sessions[deviceID]
	if !ok {
		g.mu.Unlock()
		return Ack{}, fmt.Errorf("send %s to %s: %w", cmd.Name, deviceID, ErrDeviceOffline)
	}
	id := g.cfg.NewID()
	ackCh := make(chan Ack, 1)
	g.pending[id] = ackCh
	g.mu.Unlock()

	defer func() {
		g.mu.Lock()
		delete(g.pending, id)
		g.mu.Unlock()
	}()

	f := Frame{Kind: KindCommand, ID: id, DeviceID: deviceID, Command: &cmd}
	if err := s.enqueue(ctx, f); err != nil {
		return Ack{}, fmt.Errorf("send %s to %s: %w", cmd.Name, deviceID, err)
	}

	timer := time.NewTimer(g.cfg.AckTimeout)
	defer timer.Stop()
	select {
	case ack := <-ackCh:
		if ack.Status != AckOK {
			return ack, fmt.Errorf("send %s to %s: %s: %w", cmd.Name, deviceID, ack.Detail, ErrRejected)
		}
		return ack, nil
	case <-timer.C:
		return Ack{}, fmt.Errorf("send %s to %s after %v: %w", cmd.Name, deviceID, g.cfg.AckTimeout, ErrAckTimeout)
	case <-ctx.Done():
		return Ack{}, fmt.Errorf("send %s to %s: %w", cmd.Name, deviceID, ctx.Err())
	}
}

// Connected reports whether deviceID currently has a session.
func (g *Gateway) Connected(deviceID string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	_, ok := g.sessions[deviceID]
	return ok
}

// Close disconnects every device. Commands waiting for acks fail with their
// own timeout or context.
func (g *Gateway) Close() error {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil
	}
	g.closed = true
	sessions := g.sessions
	g.sessions = make(map[string]*session)
	g.mu.Unlock()

	for _, s := range sessions {
		s.close()
	}
	return nil
}

// deliverAck hands ack to the SendCommand waiting for it. Acks for unknown
// or already answered commands are dropped.
func (g *Gateway) deliverAck(deviceID string, ack Ack) {
	g.mu.Lock()
	ch, ok := g.pending[ack.CommandID]
	g.mu.Unlock()
	if !ok {
		g.cfg.Logf("cmdgw: %s acked unknown command %s", deviceID, ack.CommandID)
		return
	}
	select {
	case ch <- ack:
	default:
	}
}

// detach forgets s if it is still the device's current session.
func (g *Gateway) detach(s *session) {
	g.mu.Lock()
	cur, ok := g.sessions[s.deviceID]
	if !ok || cur != s {
		// Superseded by a newer connection, which took care of s.
		g.mu.Unlock()
		return
	}
	delete(g.sessions, s.deviceID)
	g.mu.Unlock()
	s.close()
	g.cfg.Logf("cmdgw: %s disconnected", s.deviceID)
}

func randomID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("cmdgw: read random: %v", err))
	}
	return hex.EncodeToString(b[:])
}
