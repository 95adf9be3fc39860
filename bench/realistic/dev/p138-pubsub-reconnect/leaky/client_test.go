package pubsub

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBroken = errors.New("session broken")

type fakeConn struct {
	in     chan Message
	closed chan struct{}
	once   sync.Once

	mu     sync.Mutex
	topics []string
}

func newFakeConn() *fakeConn {
	return &fakeConn{in: make(chan Message, 4), closed: make(chan struct{})}
}

func (f *fakeConn) Subscribe(ctx context.Context, topic string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.topics = append(f.topics, topic)
	return nil
}

func (f *fakeConn) Ping(ctx context.Context) error {
	select {
	case <-f.closed:
		return errBroken
	default:
		return nil
	}
}

func (f *fakeConn) Recv() (Message, error) {
	select {
	case m := <-f.in:
		return m, nil
	case <-f.closed:
		return Message{}, errBroken
	}
}

func (f *fakeConn) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

func TestResubscribesAfterDrop(t *testing.T) {
	defer goleak.VerifyNone(t)

	dialed := make(chan *fakeConn, 4)
	dial := func(ctx context.Context) (Conn, error) {
		fc := newFakeConn()
		dialed <- fc
		return fc, nil
	}
	c, err := Connect(context.Background(), dial,
		WithKeepalive(5*time.Millisecond), WithBackoff(time.Millisecond, 3))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := <-dialed

	msgs, err := c.Subscribe(context.Background(), "fleet.positions")
	if err != nil {
		t.Fatal(err)
	}
	first.Close() // the broker drops the session

	var second *fakeConn
	select {
	case second = <-dialed:
	case <-time.After(time.Second):
		t.Fatal("client never reconnected")
	}
	second.in <- Message{Topic: "fleet.positions", Data: []byte("ok")}
	select {
	case m := <-msgs:
		if string(m.Data) != "ok" {
			t.Fatalf("got %q", m.Data)
		}
	case <-time.After(time.Second):
		t.Fatal("no message after reconnect")
	}
	second.mu.Lock()
	defer second.mu.Unlock()
	if len(second.topics) != 1 || second.topics[0] != "fleet.positions" {
		t.Fatalf("new session subscribed to %v", second.topics)
	}
}
