package tickserver

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// manualTicker delivers a tick only when the test calls Tick. The channel is
// unbuffered, so Tick returns once the loop has picked the tick up.
type manualTicker struct {
	c       chan time.Time
	stopped chan struct{}
}

func newManualTicker() *manualTicker {
	return &manualTicker{c: make(chan time.Time), stopped: make(chan struct{})}
}

func (m *manualTicker) C() <-chan time.Time { return m.c }
func (m *manualTicker) Stop()               { close(m.stopped) }
func (m *manualTicker) Tick()               { m.c <- time.Time{} }

type fakeConn struct {
	snaps chan Snapshot

	mu     sync.Mutex
	closed bool
}

func newFakeConn() *fakeConn { return &fakeConn{snaps: make(chan Snapshot, 16)} }

func (c *fakeConn) WriteSnapshot(s Snapshot) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errors.New("use of closed connection")
	}
	c.snaps <- s
	return nil
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}

func (c *fakeConn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// fakeGame tracks positions and encodes them as text.
type fakeGame struct {
	pos map[PlayerID][2]float32
}

func (g *fakeGame) AddPlayer(id PlayerID)    { g.pos[id] = [2]float32{} }
func (g *fakeGame) RemovePlayer(id PlayerID) { delete(g.pos, id) }
func (g *fakeGame) Apply(id PlayerID, in Input) {
	p := g.pos[id]
	g.pos[id] = [2]float32{p[0] + in.MoveX, p[1] + in.MoveY}
}
func (g *fakeGame) Step(uint64, time.Duration) {}
func (g *fakeGame) Encode(tick uint64) []byte {
	return []byte(fmt.Sprintf("%d:%v", tick, g.pos["alice"]))
}

func TestReconnectCarriesInputSequence(t *testing.T) {
	defer goleak.VerifyNone(t)

	ticker := newManualTicker()
	game := &fakeGame{pos: make(map[PlayerID][2]float32)}
	s, err := New(Config{
		Game:      game,
		TickRate:  20,
		NewTicker: func(time.Duration) Ticker { return ticker },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.Start()

	first := newFakeConn()
	if err := s.Join("alice", first); err != nil {
		t.Fatalf("Join: %v", err)
	}
	if err := s.Submit("alice", Input{Seq: 1, MoveX: 1}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	ticker.Tick()
	if snap := <-first.snaps; snap.Tick != 1 || snap.AckSeq != 1 {
		t.Fatalf("first snapshot = tick %d ack %d, want tick 1 ack 1", snap.Tick, snap.AckSeq)
	}

	// Alice's connection drops and her client reconnects on a new one.
	second := newFakeConn()
	if err := s.Join("alice", second); err != nil {
		t.Fatalf("rejoin: %v", err)
	}
	if !first.isClosed() {
		t.Fatal("old connection not closed on reconnect")
	}
	if err := s.Submit("alice", Input{Seq: 2, MoveY: 1}); err != nil {
		t.Fatalf("Submit after rejoin: %v", err)
	}
	ticker.Tick()
	snap := <-second.snaps
	if snap.Tick != 2 || snap.AckSeq != 2 {
		t.Fatalf("snapshot after rejoin = tick %d ack %d, want tick 2 ack 2", snap.Tick, snap.AckSeq)
	}
	if got, want := string(snap.State), "2:[1 1]"; got != want {
		t.Fatalf("state = %q, want %q", got, want)
	}

	s.Stop()
	if !second.isClosed() {
		t.Fatal("connection not closed by Stop")
	}
	if err := s.Join("bob", newFakeConn()); !errors.Is(err, ErrStopped) {
		t.Fatalf("Join after Stop: err = %v, want ErrStopped", err)
	}
}
