package portfwd

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// SessionInfo describes an active or finished session.
type SessionInfo struct {
	ID       uint64
	Client   string
	Upstream string
	Started  time.Time
}

// Stats counts the bytes moved by a session.
type Stats struct {
	// Sent is the number of bytes copied from the client to the upstream.
	Sent int64
	// Received is the number of bytes copied from the upstream to the client.
	Received int64
	Duration time.Duration
}

// session is one spliced client/upstream pair.
type session struct {
	id       uint64
	client   net.Conn
	upstream net.Conn
	started  time.Time

	sent     atomic.Int64
	received atomic.Int64

	closeOnce sync.Once
}

func newSession(client, upstream net.Conn) *session {
	return &session{client: client, upstream: upstream, started: time.Now()}
}

func (s *session) info() SessionInfo {
	return SessionInfo{
		ID:       s.id,
		Client:   addrString(s.client.RemoteAddr()),
		Upstream: addrString(s.upstream.RemoteAddr()),
		Started:  s.started,
	}
}

// splice copies in both directions until one of them ends, then closes
// both connections so the other direction unblocks, and reports the first
// error that is not a consequence of that close.
func (s *session) splice() (Stats, error) {
	errc := make(chan error, 2)
	go s.pipe(s.upstream, s.client, &s.sent, errc)
	go s.pipe(s.client, s.upstream, &s.received, errc)

	err := <-errc
	s.close()
	if err2 := <-errc; err == nil {
		err = err2
	}
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return Stats{
		Sent:     s.sent.Load(),
		Received: s.received.Load(),
		Duration: time.Since(s.started),
	}, err
}

// pipe copies src to dst, counting the bytes it moved.
func (s *session) pipe(dst, src net.Conn, counter *atomic.Int64, errc chan<- error) {
	n, err := io.Copy(dst, src)
	counter.Add(n)
	errc <- err
}

// close closes both connections; it is safe to call more than once.
func (s *session) close() {
	s.closeOnce.Do(func() {
		s.client.Close()
		s.upstream.Close()
	})
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
