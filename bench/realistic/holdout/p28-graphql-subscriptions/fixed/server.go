// Package gqlsub serves GraphQL subscriptions over a message transport, streaming
// broker events to each subscriber as "data" messages.
package gqlsub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
)

// Field is a subscription field. It picks the broker topic to stream from the
// operation's variables; each event becomes the field's value.
type Field func(vars map[string]any) (topic string, err error)

// Server accepts subscription operations on connections.
type Server struct {
	broker *Broker
	fields map[string]Field
}

// NewServer returns a Server that streams events from b for the given fields.
func NewServer(b *Broker, fields map[string]Field) *Server {
	return &Server{broker: b, fields: fields}
}

// Serve runs the protocol on conn until the client terminates or disconnects.
func (s *Server) Serve(ctx context.Context, conn Conn) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer conn.Close()
	init, err := conn.ReadMessage(ctx)
	if err != nil {
		return fmt.Errorf("gqlsub: waiting for connection_init: %w", err)
	}
	if init.Type != "connection_init" {
		return fmt.Errorf("gqlsub: expected connection_init, got %q", init.Type)
	}
	if err := conn.WriteMessage(ctx, Message{Type: "connection_ack"}); err != nil {
		return fmt.Errorf("gqlsub: ack: %w", err)
	}

	active := make(map[string]context.CancelFunc)
	for {
		msg, err := conn.ReadMessage(ctx)
		if errors.Is(err, ErrConnClosed) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("gqlsub: read: %w", err)
		}
		switch msg.Type {
		case "start":
			subCtx, cancel := context.WithCancel(ctx)
			if err := s.start(subCtx, conn, msg); err != nil {
				cancel()
				payload, _ := json.Marshal([]map[string]string{{"message": err.Error()}})
				_ = conn.WriteMessage(ctx, Message{ID: msg.ID, Type: "error", Payload: payload})
				continue
			}
			active[msg.ID] = cancel
		case "stop":
			if cancel, ok := active[msg.ID]; ok {
				cancel()
				delete(active, msg.ID)
			}
		case "connection_terminate":
			return nil
		}
	}
}

var operationRE = regexp.MustCompile(`^\s*subscription\b[^{]*\{\s*(\w+)`)

type startPayload struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}
