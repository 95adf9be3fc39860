package signaling

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func join(t *testing.T, s *Server, room, id string) *Peer {
	t.Helper()
	p, err := s.Join(room, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCallIsAnswered(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewServer(WithAnswerTimeout(time.Second))
	defer s.Close()
	alice, bob := join(t, s, "standup", "alice"), join(t, s, "standup", "bob")

	go func() {
		offer := <-bob.Messages()
		_ = bob.Answer(offer.CallID, "answer-from-bob")
	}()
	sdp, err := alice.Call(context.Background(), "bob", "offer-from-alice")
	if err != nil {
		t.Fatal(err)
	}
	if sdp != "answer-from-bob" {
		t.Fatalf("got answer %q", sdp)
	}
}

func TestLateAnswerAfterTimeout(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewServer(WithAnswerTimeout(20 * time.Millisecond))
	alice, bob := join(t, s, "standup", "alice"), join(t, s, "standup", "bob")

	_, err := alice.Call(context.Background(), "bob", "offer-from-alice")
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("Call error = %v, want ErrNoAnswer", err)
	}
	offer := <-bob.Messages()
	if err := bob.Answer(offer.CallID, "answer-from-bob"); err != nil {
		t.Fatal(err)
	}
	s.Close()
}
