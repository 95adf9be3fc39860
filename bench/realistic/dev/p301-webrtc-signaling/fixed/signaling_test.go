package signaling

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeConn records everything the server writes to a client.
type fakeConn struct {
	msgs chan Message
}

func newFakeConn() *fakeConn { return &fakeConn{msgs: make(chan Message, 64)} }

func (c *fakeConn) Send(ctx context.Context, m Message) error {
	select {
	case c.msgs <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *fakeConn) next(t *testing.T) Message {
	t.Helper()
	select {
	case m := <-c.msgs:
		return m
	case <-time.After(time.Second):
		t.Fatal("timed out waiting for a message")
		return Message{}
	}
}

func TestReconnectReplacesSession(t *testing.T) {
	defer goleak.VerifyNone(t)

	srv := NewServer(WithMaxPeersPerRoom(2), WithWriteTimeout(time.Second))
	defer srv.Close()

	bobConn := newFakeConn()
	bob, err := srv.Join("call-42", "bob", bobConn)
	if err != nil {
		t.Fatalf("bob join: %v", err)
	}

	aliceOld := newFakeConn()
	alice1, err := srv.Join("call-42", "alice", aliceOld)
	if err != nil {
		t.Fatalf("alice join: %v", err)
	}
	if m := bobConn.next(t); m.Type != TypePeerJoined || m.From != "alice" {
		t.Fatalf("bob got %+v, want peer-joined from alice", m)
	}

	// The room is full, so a third peer is turned away.
	if _, err := srv.Join("call-42", "carol", newFakeConn()); !errors.Is(err, ErrRoomFull) {
		t.Fatalf("carol join: got %v, want ErrRoomFull", err)
	}

	// Alice's network changes; her client reconnects before the server has
	// noticed that the old socket is dead. A rejoin must not count as a new
	// member of the full room.
	aliceNew := newFakeConn()
	alice2, err := srv.Join("call-42", "alice", aliceNew)
	if err != nil {
		t.Fatalf("alice rejoin: %v", err)
	}
	if m := bobConn.next(t); m.Type != TypePeerJoined || m.From != "alice" {
		t.Fatalf("bob got %+v, want peer-joined from alice", m)
	}

	if err := alice2.Relay(Message{Type: TypeOffer, To: "bob", SDP: "v=0 offer"}); err != nil {
		t.Fatalf("relay offer: %v", err)
	}
	if m := bobConn.next(t); m.Type != TypeOffer || m.From != "alice" || m.Room != "call-42" {
		t.Fatalf("bob got %+v, want offer from alice", m)
	}
	if err := bob.Relay(Message{Type: TypeAnswer, To: "alice", SDP: "v=0 answer"}); err != nil {
		t.Fatalf("relay answer: %v", err)
	}
	if m := aliceNew.next(t); m.Type != TypeAnswer || m.From != "bob" {
		t.Fatalf("new alice got %+v, want answer from bob", m)
	}
	cand := &ICECandidate{Candidate: "candidate:1 1 udp 2122260223 192.0.2.7 54400 typ host", SDPMid: "0"}
	if err := bob.Relay(Message{Type: TypeCandidate, To: "alice", Candidate: cand}); err != nil {
		t.Fatalf("relay candidate: %v", err)
	}
	if m := aliceNew.next(t); m.Type != TypeCandidate || m.Candidate == nil {
		t.Fatalf("new alice got %+v, want candidate", m)
	}

	// The stale session must not be able to talk for alice any more.
	if err := alice1.Relay(Message{Type: TypeOffer, To: "bob", SDP: "v=0 stale"}); !errors.Is(err, ErrSessionClosed) {
		t.Fatalf("stale relay: got %v, want ErrSessionClosed", err)
	}

	// Eventually the old socket errors out and its handler leaves; that
	// must not kick the new session out of the room.
	alice1.Leave()
	if err := bob.Relay(Message{Type: TypeAnswer, To: "alice", SDP: "v=0 again"}); err != nil {
		t.Fatalf("relay after stale leave: %v", err)
	}
	if m := aliceNew.next(t); m.SDP != "v=0 again" {
		t.Fatalf("new alice got %+v", m)
	}

	alice2.Leave()
	if m := bobConn.next(t); m.Type != TypePeerLeft || m.From != "alice" {
		t.Fatalf("bob got %+v, want peer-left from alice", m)
	}
	bob.Leave()
	<-bob.Done()
	<-alice2.Done()
}
