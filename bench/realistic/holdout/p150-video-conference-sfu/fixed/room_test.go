package sfu

import (
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

type fakeTransport struct {
	packets chan Packet

	mu     sync.Mutex
	closed bool
}

func newFakeTransport() *fakeTransport {
	return &fakeTransport{packets: make(chan Packet, 16)}
}

func (t *fakeTransport) WritePacket(p Packet) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errors.New("transport closed")
	}
	t.packets <- p
	return nil
}

func (t *fakeTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	return nil
}

func (t *fakeTransport) isClosed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closed
}

func receive(t *testing.T, tr *fakeTransport) Packet {
	t.Helper()
	select {
	case p := <-tr.packets:
		return p
	case <-time.After(time.Second):
		t.Fatal("no packet delivered")
		return Packet{}
	}
}

func TestSubscriberReconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	var keyframes []string
	room := NewRoom(Config{
		QueueSize:         4,
		Clock:             &fakeClock{now: time.Unix(1700000000, 0)},
		OnKeyframeRequest: func(id string) { keyframes = append(keyframes, id) },
	})
	if err := room.Publish("bob/cam", KindVideo); err != nil {
		t.Fatal(err)
	}
	if err := room.Publish("bob/mic", KindAudio); err != nil {
		t.Fatal(err)
	}

	first := newFakeTransport()
	if _, err := room.Subscribe("alice", first, "bob/cam", "bob/mic"); err != nil {
		t.Fatal(err)
	}
	if err := room.Forward(Packet{TrackID: "bob/cam", Seq: 1, Keyframe: true}); err != nil {
		t.Fatal(err)
	}
	if p := receive(t, first); p.Seq != 1 {
		t.Fatalf("first session got seq %d", p.Seq)
	}

	// Alice's client reconnects and subscribes again with a new transport.
	second := newFakeTransport()
	sub, err := room.Subscribe("alice", second, "bob/cam")
	if err != nil {
		t.Fatal(err)
	}
	if err := room.Forward(Packet{TrackID: "bob/cam", Seq: 2}); err != nil {
		t.Fatal(err)
	}
	if p := receive(t, second); p.Seq != 2 {
		t.Fatalf("second session got seq %d", p.Seq)
	}

	room.Close()
	if !second.isClosed() {
		t.Fatal("transport not closed by Room.Close")
	}
	if !errors.Is(sub.Err(), ErrRoomClosed) {
		t.Fatalf("subscriber error = %v", sub.Err())
	}
	if len(keyframes) != 1 || keyframes[0] != "bob/cam" {
		t.Fatalf("keyframe requests = %v", keyframes)
	}
}
