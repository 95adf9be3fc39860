// Package signaling implements a small WebRTC signaling server.
//
// Clients connect over some transport (usually a WebSocket), join a named
// room and then exchange SDP offers, answers and trickled ICE candidates with
// the other peers in that room. The server never inspects SDP; it only routes
// messages between peers and tells everyone when peers come and go.
package signaling

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// MessageType identifies the kind of a signaling message.
type MessageType string

// Message types understood by the server.
const (
	TypeOffer      MessageType = "offer"
	TypeAnswer     MessageType = "answer"
	TypeCandidate  MessageType = "candidate"
	TypePeerJoined MessageType = "peer-joined"
	TypePeerLeft   MessageType = "peer-left"
)

// ICECandidate is a trickled ICE candidate as produced by
// RTCPeerConnection.onicecandidate in the browser.
type ICECandidate struct {
	Candidate     string `json:"candidate"`
	SDPMid        string `json:"sdpMid,omitempty"`
	SDPMLineIndex uint16 `json:"sdpMLineIndex"`
}

// Message is the envelope exchanged between clients and the server.
type Message struct {
	Type      MessageType   `json:"type"`
	Room      string        `json:"room,omitempty"`
	From      string        `json:"from,omitempty"`
	To        string        `json:"to,omitempty"`
	SDP       string        `json:"sdp,omitempty"`
	Candidate *ICECandidate `json:"candidate,omitempty"`
}

// validateRelay checks that m is a message a client may ask the server to
// relay to another peer.
func validateRelay(m Message) error {
	switch m.Type {
	case TypeOffer, TypeAnswer:
		if m.SDP == "" {
			return fmt.Errorf("%s without sdp: %w", m.Type, ErrInvalidMessage)
		}
	case TypeCandidate:
		if m.Candidate == nil {
			return fmt.Errorf("candidate message without candidate: %w", ErrInvalidMessage)
		}
	default:
		return fmt.Errorf("type %q cannot be relayed: %w", m.Type, ErrInvalidMessage)
	}
	if m.To == "" {
		return fmt.Errorf("%s without recipient: %w", m.Type, ErrInvalidMessage)
	}
	return nil
}

// Conn is the server's side of one client transport.
//
// Send is only ever called from a single goroutine per Conn. Implementations
// should honour ctx so that one stuck client cannot hold up its writer
// forever.
type Conn interface {
	Send(ctx context.Context, m Message) error
}

// Errors returned by the server.
var (
	ErrRoomFull       = errors.New("signaling: room is full")
	ErrUnknownPeer    = errors.New("signaling: unknown peer")
	ErrInvalidMessage = errors.New("signaling: invalid message")
	ErrServerClosed   = errors.New("signaling: server closed")
	ErrSessionClosed  = errors.New("signaling: session closed")
	ErrQueueFull      = errors.New("signaling: peer send queue full")
)

// Option configures a Server.
type Option func(*options)

type options struct {
	maxPeers     int
	sendQueue    int
	writeTimeout time.Duration
	logf         func(format string, args ...interface{})
}

func defaultOptions() options {
	return options{
		maxPeers:     2,
		sendQueue:    32,
		writeTimeout: 5 * time.Second,
		logf:         func(string, ...interface{}) {},
	}
}

// WithMaxPeersPerRoom limits how many peers may be in one room. The default
// of 2 suits one-to-one calls; mesh conferences need more.
func WithMaxPeersPerRoom(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.maxPeers = n
		}
	}
}

// WithSendQueue sets how many outbound messages may be queued per peer before
// further messages to that peer are rejected with ErrQueueFull.
func WithSendQueue(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.sendQueue = n
		}
	}
}

// WithWriteTimeout bounds each Conn.Send call.
func WithWriteTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.writeTimeout = d
		}
	}
}

// WithLogger sets a printf-style logger for transport errors.
func WithLogger(logf func(format string, args ...interface{})) Option {
	return func(o *options) {
		if logf != nil {
			o.logf = logf
		}
	}
}
