package cmdgw

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// FrameKind identifies the payload of a Frame.
type FrameKind uint8

// Frame kinds exchanged with devices.
const (
	KindCommand FrameKind = iota + 1
	KindAck
	KindTelemetry
)

// Command is an instruction for a device, e.g. "set_target" {"celsius": "21"}.
type Command struct {
	Name   string
	Params map[string]string
}

// AckStatus is the device's verdict on a command.
type AckStatus string

// Ack statuses.
const (
	AckOK       AckStatus = "ok"
	AckRejected AckStatus = "rejected"
)

// Ack is a device's answer to a command.
type Ack struct {
	CommandID string
	Status    AckStatus
	Detail    string
	At        time.Time
}

// Frame is one message on a device connection.
type Frame struct {
	Kind     FrameKind
	ID       string
	DeviceID string
	Command  *Command
	Ack      *Ack
	Payload  []byte
}

// session is the gateway's side of one device connection. Outbound frames
// are queued on out and written by a dedicated goroutine so that a slow
// device never blocks callers beyond their context.
type session struct {
	deviceID string
	conn     Conn
	out      chan Frame

	mu        sync.RWMutex // guards closed against sends on out
	closed    bool
	closeOnce sync.Once
}

func newSession(deviceID string, conn Conn, depth int) *session {
	return &session{deviceID: deviceID, conn: conn, out: make(chan Frame, depth)}
}

// enqueue queues f for writing, waiting for room until ctx is done.
func (s *session) enqueue(ctx context.Context, f Frame) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrDeviceOffline
	}
	select {
	case s.out <- f:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops the session: the write loop drains and exits, and closing the
// connection ends the read loop.
func (s *session) close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.out)
		s.mu.Unlock()
		s.conn.Close()
	})
}

// writeLoop writes queued frames to the device until the session closes.
// After a write error the connection is closed and remaining frames are
// discarded; their senders time out waiting for acks.
func (g *Gateway) writeLoop(s *session) {
	failed := false
	for f := range s.out {
		if failed {
			continue
		}
		if err := s.conn.WriteFrame(f); err != nil {
			g.cfg.Logf("cmdgw: write to %s: %v", s.deviceID, err)
			failed = true
			s.conn.Close()
		}
	}
}

// readLoop dispatches frames from the device until the connection fails.
func (g *Gateway) readLoop(s *session) {
	defer g.detach(s)
	for {
		f, err := s.conn.ReadFrame()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				g.cfg.Logf("cmdgw: read from %s: %v", s.deviceID, err)
			}
			return
		}
		switch f.Kind {
		case KindAck:
			if f.Ack != nil {
				g.deliverAck(s.deviceID, *f.Ack)
			}
		case KindTelemetry:
			g.cfg.OnTelemetry(s.deviceID, f)
		default:
			g.cfg.Logf("cmdgw: %s sent unexpected frame kind %d", s.deviceID, f.Kind)
		}
	}
}
