package gameroom

import (
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeConn is an in-memory client connection. ReadJSON blocks until Close,
// like a websocket whose client is idle.
type fakeConn struct {
	writeErr  error
	closeOnce sync.Once
	closed    chan struct{}

	mu     sync.Mutex
	writes []Message
}

func newFakeConn(writeErr error) *fakeConn {
	return &fakeConn{writeErr: writeErr, closed: make(chan struct{})}
}

func (c *fakeConn) ReadJSON(v interface{}) error {
	<-c.closed
	return errors.New("use of closed connection")
}

func (c *fakeConn) WriteJSON(v interface{}) error {
	if c.writeErr != nil {
		return c.writeErr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, v.(Message))
	return nil
}

func (c *fakeConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return nil
}

type stoppedTicker struct{}

func (stoppedTicker) C() <-chan time.Time { return nil }
func (stoppedTicker) Stop()               {}

type scoreSim struct{ tick int }

func (s *scoreSim) Apply(Input) {}
func (s *scoreSim) Step() (State, bool) {
	s.tick++
	return State{Tick: s.tick, Scores: map[string]int{}}, false
}

func TestJoinWithBrokenConnection(t *testing.T) {
	defer goleak.VerifyNone(t)

	r, err := New(Config{
		Sim:        &scoreSim{},
		MaxPlayers: 4,
		NewTicker:  func(time.Duration) Ticker { return stoppedTicker{} },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer r.Close()

	alice := newFakeConn(nil)
	if err := r.Join("alice", alice); err != nil {
		t.Fatalf("Join alice: %v", err)
	}
	if err := r.Spectate(newFakeConn(nil)); err != nil {
		t.Fatalf("Spectate: %v", err)
	}

	// Bob's browser tab closed during the handshake.
	errGone := errors.New("websocket: close 1001 (going away)")
	if err := r.Join("bob", newFakeConn(errGone)); !errors.Is(err, errGone) {
		t.Fatalf("Join bob error = %v, want %v", err, errGone)
	}
	// Bob reconnects under the same name.
	if err := r.Join("bob", newFakeConn(nil)); err != nil {
		t.Fatalf("Join bob again: %v", err)
	}
	if err := r.Join("alice", newFakeConn(nil)); !errors.Is(err, ErrDuplicateName) {
		t.Fatalf("duplicate Join error = %v, want ErrDuplicateName", err)
	}

	alice.mu.Lock()
	first := alice.writes[0]
	alice.mu.Unlock()
	if first.Type != "welcome" || first.Player != "alice" {
		t.Fatalf("first message to alice = %+v, want welcome", first)
	}
}
