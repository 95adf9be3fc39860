// newTransport starts a reader and a key-exchange loop that waits on startKex until
// the reader, on its way out, closes it: the stop comes from inside the object, when
// the connection ends, not from a call its user has to make (STOPPED_BY_A_SIBLING).
package stoppedbysibling

import (
	"bufio"
	"io"
)

type transport struct {
	conn     io.ReadCloser
	startKex chan struct{}
	packets  chan []byte
}

func newTransport(conn io.ReadCloser) *transport {
	t := &transport{conn: conn, startKex: make(chan struct{}), packets: make(chan []byte, 16)}
	go t.readLoop()
	go t.kexLoop()
	return t
}

func (t *transport) readLoop() {
	defer close(t.startKex)
	defer close(t.packets)
	r := bufio.NewReader(t.conn)
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return
		}
		t.packets <- line
	}
}

func (t *transport) kexLoop() {
	for range t.startKex {
	}
}

func (t *transport) Close() error { return t.conn.Close() }

func firstPacket(conn io.ReadCloser) []byte {
	t := newTransport(conn)
	return <-t.packets
}
