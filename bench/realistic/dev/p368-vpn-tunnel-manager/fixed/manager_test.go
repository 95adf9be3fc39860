package tunnel

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeTicker struct{ c chan time.Time }

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               {}

// fakeClock hands every ticker it creates to the test, which fires it.
type fakeClock struct {
	now     time.Time
	tickers chan *fakeTicker
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTicker(time.Duration) Ticker {
	t := &fakeTicker{c: make(chan time.Time)}
	c.tickers <- t
	return t
}

type fakeSession struct {
	keepaliveErr error
	closeOnce    sync.Once
	closed       chan struct{}
}

func (s *fakeSession) Keepalive(context.Context) error { return s.keepaliveErr }
func (s *fakeSession) Rekey(context.Context) error     { return nil }
func (s *fakeSession) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

// fakeDialer returns sessions whose keepalives fail, as if the peer had
// gone away right after the handshake.
type fakeDialer struct{ sessions chan *fakeSession }

func (d *fakeDialer) Dial(ctx context.Context, cfg Config) (Session, error) {
	s := &fakeSession{keepaliveErr: errors.New("no handshake response"), closed: make(chan struct{})}
	d.sessions <- s
	return s, nil
}

func TestRemovingDeadTunnel(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 2, 1, 8, 0, 0, 0, time.UTC), tickers: make(chan *fakeTicker, 4)}
	dialer := &fakeDialer{sessions: make(chan *fakeSession, 4)}
	m := NewManager(dialer, WithClock(clock))
	ctx := context.Background()

	office := Config{
		Name:                "office",
		Endpoint:            "203.0.113.10:51820",
		PublicKey:           "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
		KeepaliveInterval:   25 * time.Second,
		MaxMissedKeepalives: 1,
	}
	if err := m.Apply(ctx, []Config{office}); err != nil {
		t.Fatalf("apply: %v", err)
	}
	sess := <-dialer.sessions
	ticker := <-clock.tickers

	// One missed keepalive takes the tunnel down and closes its session.
	ticker.c <- clock.now.Add(office.KeepaliveInterval)
	<-sess.closed
	if st := m.Status()["office"]; st != StateDown {
		t.Fatalf("office state = %v, want down", st)
	}

	// The office tunnel is dropped from the configuration.
	if err := m.Apply(ctx, nil); err != nil {
		t.Fatalf("apply empty config: %v", err)
	}
	if st := m.Status(); len(st) != 0 {
		t.Fatalf("tunnels after removal: %v", st)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}
