package sshmux

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// window tracks how many bytes the peer is willing to receive.
type window struct {
	mu     sync.Mutex
	cond   *sync.Cond
	avail  uint32
	closed bool
	onWait func() // called, with mu held, before blocking
}

func (w *window) add(n uint32) {
	w.mu.Lock()
	w.avail += n
	w.mu.Unlock()
	w.cond.Broadcast()
}

func (w *window) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cond.Broadcast()
}

// reserve blocks until some window is available and claims up to want bytes.
func (w *window) reserve(want uint32) (uint32, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.avail == 0 && !w.closed {
		w.onWait()
		w.cond.Wait()
	}
	if w.closed {
		return 0, io.EOF
	}
	if want > w.avail {
		want = w.avail
	}
	w.avail -= want
	return want, nil
}

// Channel is one multiplexed stream. Data and requests from the peer are
// passed to onData and onRequest on the mux read loop.
type Channel struct {
	mux       *Mux
	localID   uint32
	remoteID  uint32
	maxPacket uint32
	remoteWin *window
	opened    chan error
	onData    func([]byte)
	onRequest func(name string, payload []byte)

	once sync.Once
	err  error         // why the channel ended; read after done is closed
	done chan struct{} // closed by finish
}

func newChannel(m *Mux, id uint32) *Channel {
	w := &window{onWait: func() { m.cfg.Logf("sshmux: channel %d: peer window exhausted, waiting for adjust", id) }}
	w.cond = sync.NewCond(&w.mu)
	return &Channel{mux: m, localID: id, remoteWin: w, opened: make(chan error, 1), done: make(chan struct{})}
}

// handle processes a packet for this channel on the mux read loop.
func (c *Channel) handle(p packet) {
	switch p.typ {
	case msgOpenConfirm:
		if len(p.payload) < 12 {
			c.opened <- fmt.Errorf("sshmux: bad open confirmation for channel %d", c.localID)
			return
		}
		c.remoteID, c.maxPacket = u32At(p.payload, 0), u32At(p.payload, 2)
		c.remoteWin.add(u32At(p.payload, 1))
		c.opened <- nil
	case msgOpenFailure:
		c.mux.forget(c.localID)
		c.opened <- fmt.Errorf("sshmux: open refused: %s", p.payload)
	case msgWindowAdjust:
		if len(p.payload) >= 4 {
			c.remoteWin.add(u32At(p.payload, 0))
		}
	case msgData:
		if c.onData != nil {
			c.onData(p.payload)
		}
		// The data has been consumed; give the window straight back.
		_ = c.mux.writePacket(packet{typ: msgWindowAdjust, channel: c.remoteID, payload: u32s(nil, uint32(len(p.payload)))})
	case msgChannelRequest:
		if c.onRequest != nil {
			name, payload, _ := bytes.Cut(p.payload, []byte{0})
			c.onRequest(string(name), payload)
		}
	case msgClose:
		c.remoteWin.close()
		c.mux.forget(c.localID)
		_ = c.mux.writePacket(packet{typ: msgClose, channel: c.remoteID})
		c.finish(io.EOF)
	}
}

// finish records why the channel ended and wakes anyone waiting on done.
func (c *Channel) finish(err error) {
	c.once.Do(func() {
		c.err = err
		close(c.done)
	})
}

// Write sends p, splitting it to fit the peer's window and packet size.
func (c *Channel) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		want := uint32(len(p))
		if want > c.maxPacket {
			want = c.maxPacket
		}
		n, err := c.remoteWin.reserve(want)
		if err != nil {
			return written, fmt.Errorf("sshmux: channel %d: write: %w", c.localID, err)
		}
		if err := c.mux.writePacket(packet{typ: msgData, channel: c.remoteID, payload: p[:n]}); err != nil {
			return written, err
		}
		written += int(n)
		p = p[n:]
	}
	return written, nil
}

// CloseWrite tells the peer no more data will be sent.
func (c *Channel) CloseWrite() error {
	return c.mux.writePacket(packet{typ: msgEOF, channel: c.remoteID})
}
