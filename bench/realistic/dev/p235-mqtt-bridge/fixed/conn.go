// Package bridge forwards messages between two MQTT-style brokers.
//
// The bridge subscribes to a set of topic filters on a source broker and
// republishes every message it receives on a destination broker with QoS 1.
// A message is acknowledged to the source only after the destination has
// acknowledged it, so a bridge crash never loses messages. The number of
// messages awaiting a destination acknowledgement is bounded; when the
// window is full, the bridge stops pulling from the source.
package bridge

import (
	"context"
	"errors"
)

// QoS levels.
const (
	AtMostOnce  byte = 0
	AtLeastOnce byte = 1
)

// ErrClosed is returned by operations on a closed Bridge.
var ErrClosed = errors.New("bridge: closed")

// Message is an application message as carried by a PUBLISH packet.
type Message struct {
	Topic    string
	Payload  []byte
	QoS      byte
	Retain   bool
	Dup      bool
	PacketID uint16 // zero for QoS 0
}

// Conn is a client session with a broker.
type Conn interface {
	// Subscribe registers the topic filters and returns the channel on
	// which matching messages are delivered. The channel is closed when
	// the session ends.
	Subscribe(ctx context.Context, filters []string, qos byte) (<-chan Message, error)
	// Publish sends a PUBLISH packet. It does not wait for the PUBACK.
	Publish(ctx context.Context, m Message) error
	// Ack sends a PUBACK for a message received on a subscription.
	Ack(ctx context.Context, packetID uint16) error
	// Acks delivers the packet ids of PUBACKs received for messages
	// published on this connection. It is closed when the connection drops.
	Acks() <-chan uint16
	Close() error
}

// Dialer opens connections to a broker.
type Dialer interface {
	Dial(ctx context.Context) (Conn, error)
}

// Metrics receives operational events from the bridge.
type Metrics interface {
	// Backpressure is called when the bridge stops reading from the source
	// because inflight messages are awaiting destination acknowledgements.
	Backpressure(inflight int)
	// Forwarded is called for every message acknowledged by the destination.
	Forwarded(topic string)
	// Reconnected is called after the destination connection was replaced.
	Reconnected(attempts int)
}

type nopMetrics struct{}

func (nopMetrics) Backpressure(int) {}
func (nopMetrics) Forwarded(string) {}
func (nopMetrics) Reconnected(int)  {}
