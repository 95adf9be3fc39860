package sshmux

import (
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errConnReset = errors.New("read tcp 10.0.0.2:51514->10.0.0.9:22: connection reset by peer")

// pipeTransport is the client end of an in-memory connection whose server
// end is driven by the test.
type pipeTransport struct {
	toClient   chan []byte
	fromClient chan []byte
	reset      chan struct{} // closed to simulate a connection reset
	closed     chan struct{}
	closeOnce  sync.Once
}

func newPipeTransport() *pipeTransport {
	return &pipeTransport{
		toClient:   make(chan []byte, 16),
		fromClient: make(chan []byte, 64),
		reset:      make(chan struct{}),
		closed:     make(chan struct{}),
	}
}

func (p *pipeTransport) ReadPacket() ([]byte, error) {
	select {
	case b := <-p.toClient:
		return b, nil
	case <-p.reset:
		return nil, errConnReset
	case <-p.closed:
		return nil, io.EOF
	}
}

func (p *pipeTransport) WritePacket(b []byte) error {
	select {
	case p.fromClient <- append([]byte(nil), b...):
		return nil
	case <-p.closed:
		return io.ErrClosedPipe
	}
}

func (p *pipeTransport) Close() error {
	p.closeOnce.Do(func() { close(p.closed) })
	return nil
}

func (p *pipeTransport) expect(t *testing.T, typ byte) packet {
	t.Helper()
	select {
	case b := <-p.fromClient:
		pkt, ok := parsePacket(b)
		if !ok || pkt.typ != typ {
			t.Fatalf("got packet %v, want type %d", b, typ)
		}
		return pkt
	case <-time.After(time.Second):
		t.Fatalf("timed out waiting for packet type %d", typ)
	}
	return packet{}
}

func TestConnectionLostWhileStdinBlockedOnWindow(t *testing.T) {
	defer goleak.VerifyNone(t)

	tr := newPipeTransport()
	exhausted := make(chan struct{}, 1)
	m := New(tr, Config{
		KeepaliveInterval: time.Hour,
		Logf: func(format string, args ...interface{}) {
			if strings.Contains(format, "window exhausted") {
				select {
				case exhausted <- struct{}{}:
				default:
				}
			}
		},
	})
	defer m.Close()

	type result struct {
		s   *Session
		err error
	}
	opened := make(chan result, 1)
	go func() {
		s, err := m.NewSession()
		opened <- result{s, err}
	}()

	open := tr.expect(t, msgChannelOpen)
	if got := string(open.payload[8:]); got != "session" {
		t.Fatalf("channel type %q, want session", got)
	}
	// The server grants a tiny window: 4 bytes.
	tr.toClient <- packet{typ: msgOpenConfirm, channel: open.channel, payload: u32s(nil, 7, 4, 1024)}.marshal()
	res := <-opened
	if res.err != nil {
		t.Fatalf("NewSession: %v", res.err)
	}
	s := res.s

	s.Stdin = strings.NewReader("deploy payload\n")
	if err := s.Start("tee /srv/app/release.txt"); err != nil {
		t.Fatalf("Start: %v", err)
	}
	req := tr.expect(t, msgChannelRequest)
	if req.channel != 7 || !strings.HasPrefix(string(req.payload), "exec\x00") {
		t.Fatalf("unexpected exec request %q on channel %d", req.payload, req.channel)
	}
	data := tr.expect(t, msgData)
	if string(data.payload) != "depl" {
		t.Fatalf("first data packet %q, want %q", data.payload, "depl")
	}

	// Stdin is now waiting for the server to grant more window, and the
	// connection drops.
	select {
	case <-exhausted:
	case <-time.After(time.Second):
		t.Fatal("writer never waited for window")
	}
	close(tr.reset)

	err := s.Wait()
	if !errors.Is(err, errConnReset) {
		t.Fatalf("Wait = %v, want connection reset", err)
	}
	if _, err := m.NewSession(); !errors.Is(err, errConnReset) {
		t.Fatalf("NewSession after reset = %v, want connection reset", err)
	}
}
