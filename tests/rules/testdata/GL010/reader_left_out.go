// newTransport starts only the key-exchange loop; the reader that would close
// startKex on its way out is left to the user to run, and firstPacket never runs it.
package readerleftout

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
	t := newTransport(conn) // want "nothing calls `t.readLoop\\(\\)` here"
	return <-t.packets
}
