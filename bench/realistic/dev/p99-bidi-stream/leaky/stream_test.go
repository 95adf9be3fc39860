package bidi

import (
	"bytes"
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// answerOnce plays a server that handles a single request.
func answerOnce(t Transport, done chan<- error) {
	m, err := readFrame(t, 1<<10)
	if err != nil {
		done <- err
		return
	}
	done <- writeFrame(t, Message{Method: m.Method, Payload: bytes.ToUpper(m.Payload)})
}

func TestRequestReply(t *testing.T) {
	defer goleak.VerifyNone(t)

	client, server := Pipe()
	served := make(chan error, 1)
	go answerOnce(server, served)

	s := NewStream(client, WithBuffer(4))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	if err := s.Send(ctx, Message{Method: "Echo", Payload: []byte("ping")}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Recv(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != "Echo" || string(got.Payload) != "PING" {
		t.Fatalf("got %q %q", got.Method, got.Payload)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}
