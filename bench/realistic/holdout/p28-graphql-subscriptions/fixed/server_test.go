package gqlsub

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func newOrderServer(b *Broker) *Server {
	return NewServer(b, map[string]Field{
		"orderUpdated": func(vars map[string]any) (string, error) {
			id, ok := vars["id"].(string)
			if !ok {
				return "", errors.New("variable id must be a string")
			}
			return "order:" + id, nil
		},
	})
}

func TestClientDisconnectEndsSubscriptions(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := NewBroker(8)
	srv := newOrderServer(b)
	client, server := Pipe()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), server) }()

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	send := func(m Message) {
		if err := client.WriteMessage(ctx, m); err != nil {
			t.Fatalf("write %s: %v", m.Type, err)
		}
	}
	recv := func(want string) Message {
		m, err := client.ReadMessage(ctx)
		if err != nil || m.Type != want {
			t.Fatalf("read = %+v, %v; want %s", m, err, want)
		}
		return m
	}

	send(Message{Type: "connection_init"})
	recv("connection_ack")
	send(Message{ID: "1", Type: "start", Payload: json.RawMessage(
		`{"query":"subscription OnOrder($id: ID!) { orderUpdated(id: $id) { status } }","variables":{"id":"42"}}`)})

	ev := Event{"status": "SHIPPED"}
	for b.Publish("order:42", ev) == 0 {
		if ctx.Err() != nil {
			t.Fatal("subscription never registered with the broker")
		}
		time.Sleep(time.Millisecond)
	}
	data := recv("data")
	if !strings.Contains(string(data.Payload), `"SHIPPED"`) {
		t.Fatalf("payload = %s", data.Payload)
	}

	client.Close()
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
