package gqlsub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// start validates a "start" message and begins streaming its events on conn
// until ctx is cancelled.
func (s *Server) start(ctx context.Context, conn Conn, msg Message) error {
	var p startPayload
	if err := json.Unmarshal(msg.Payload, &p); err != nil {
		return fmt.Errorf("invalid start payload: %w", err)
	}
	m := operationRE.FindStringSubmatch(p.Query)
	if m == nil {
		return errors.New("only subscription operations are supported")
	}
	name := m[1]
	f, ok := s.fields[name]
	if !ok {
		return fmt.Errorf("unknown subscription field %q", name)
	}
	topic, err := f(p.Variables)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	events, unsubscribe := s.broker.Subscribe(topic)
	go s.stream(ctx, conn, msg.ID, name, events, unsubscribe)
	return nil
}

// stream forwards events to the client as "data" messages.
func (s *Server) stream(ctx context.Context, conn Conn, id, name string, events <-chan Event, unsubscribe func()) {
	defer unsubscribe()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			payload, _ := json.Marshal(map[string]any{"data": map[string]any{name: ev}})
			if err := conn.WriteMessage(ctx, Message{ID: id, Type: "data", Payload: payload}); err != nil {
				return
			}
		}
	}
}
