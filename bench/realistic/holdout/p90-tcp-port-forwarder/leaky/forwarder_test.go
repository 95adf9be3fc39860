package portfwd

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

// chanListener hands out connections pushed by the test.
type chanListener struct {
	conns     chan net.Conn
	done      chan struct{}
	closeOnce sync.Once
}

func newChanListener() *chanListener {
	return &chanListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return fakeAddr("127.0.0.1:15432") }

// gatedDialer blocks each dial until the test releases it and keeps the far
// end of every upstream connection it returns.
type gatedDialer struct {
	dialing chan struct{}
	release chan struct{}
	remotes chan net.Conn
}

func (d *gatedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d.dialing <- struct{}{}
	select {
	case <-d.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	local, remote := net.Pipe()
	d.remotes <- remote
	return local, nil
}

type event struct {
	kind string
	err  error
}

type recordingObserver struct{ events chan event }

func (o *recordingObserver) SessionOpened(SessionInfo) { o.events <- event{kind: "opened"} }
func (o *recordingObserver) SessionRejected(_ net.Addr, err error) {
	o.events <- event{kind: "rejected", err: err}
}
func (o *recordingObserver) SessionClosed(_ SessionInfo, _ Stats, err error) {
	o.events <- event{kind: "closed", err: err}
}

func TestCloseWhileDialingUpstream(t *testing.T) {
	defer goleak.VerifyNone(t)

	ln := newChanListener()
	dialer := &gatedDialer{
		dialing: make(chan struct{}),
		release: make(chan struct{}),
		remotes: make(chan net.Conn, 1),
	}
	obs := &recordingObserver{events: make(chan event, 8)}
	f, err := New(Config{Target: "db.internal:5432", Dialer: dialer, Observer: obs})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	served := make(chan error, 1)
	go func() { served <- f.Serve(context.Background(), ln) }()

	// A client connects; the upstream is slow to answer.
	clientEnd, proxyEnd := net.Pipe()
	ln.conns <- proxyEnd
	<-dialer.dialing

	if err := f.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-served; !errors.Is(err, ErrClosed) {
		t.Fatalf("Serve returned %v, want ErrClosed", err)
	}

	// The upstream answers just after shutdown. Both peers stay idle.
	close(dialer.release)
	upstreamEnd := <-dialer.remotes
	t.Cleanup(func() {
		clientEnd.Close()
		upstreamEnd.Close()
	})
	ev := <-obs.events
	t.Logf("session after Close: %s (%v)", ev.kind, ev.err)
}
