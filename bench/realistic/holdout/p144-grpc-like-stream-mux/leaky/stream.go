package streammux

import (
	"bytes"
	"io"
	"sync"
)

// Stream is one bidirectional byte stream of a Session. Each direction is
// flow controlled separately: a writer may have at most the peer's window
// in flight, and the reader hands window back as the application consumes
// data.
type Stream struct {
	id   uint32
	sess *Session

	mu         sync.Mutex
	cond       *sync.Cond
	buf        bytes.Buffer
	sendWindow uint32 // bytes we may still send the peer
	readEOF    bool
	err        error // terminal error, set once

	credits       chan uint32
	creditsClosed bool
}

func newStream(s *Session, id uint32) *Stream {
	st := &Stream{
		id:         id,
		sess:       s,
		sendWindow: s.cfg.InitialWindow,
		credits:    make(chan uint32, 64),
	}
	st.cond = sync.NewCond(&st.mu)
	go st.creditLoop()
	return st
}

// ID returns the stream identifier.
func (st *Stream) ID() uint32 { return st.id }

// Read reads data sent by the peer. Buffered data is returned before any
// error.
func (st *Stream) Read(p []byte) (int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for st.buf.Len() == 0 {
		if st.err != nil {
			return 0, st.err
		}
		if st.readEOF {
			return 0, io.EOF
		}
		st.cond.Wait()
	}
	n, _ := st.buf.Read(p)
	if !st.creditsClosed {
		st.credits <- uint32(n)
	}
	return n, nil
}

// Write sends p, blocking while the peer's window is exhausted.
func (st *Stream) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		st.mu.Lock()
		for st.sendWindow == 0 && st.err == nil {
			st.cond.Wait()
		}
		if st.err != nil {
			err := st.err
			st.mu.Unlock()
			return written, err
		}
		n := uint32(len(p))
		if n > st.sendWindow {
			n = st.sendWindow
		}
		if n > maxFrameSize {
			n = maxFrameSize
		}
		st.sendWindow -= n
		st.mu.Unlock()

		if err := st.sess.writeFrame(frame{typ: frameData, stream: st.id, payload: p[:n]}); err != nil {
			return written, err
		}
		written += int(n)
		p = p[n:]
	}
	return written, nil
}

// Close tells the peer we are done and discards unread data.
func (st *Stream) Close() error {
	st.mu.Lock()
	if st.err != nil {
		// Already torn down; there is nothing left to tell the peer.
		st.mu.Unlock()
		return nil
	}
	st.err = ErrStreamClosed
	st.buf.Reset()
	st.cond.Broadcast()
	st.mu.Unlock()

	st.stopCredits()
	st.sess.forget(st.id)
	return st.sess.writeFrame(frame{typ: frameFin, stream: st.id})
}

// creditLoop returns consumed receive window to the peer. Updates are
// batched so that many small reads do not flood the connection, and they
// are written from here so that a congested connection never blocks Read.
func (st *Stream) creditLoop() {
	threshold := st.sess.cfg.InitialWindow / 4
	var pending uint32
	for n := range st.credits { // leak: credits is only closed by Close and session teardown
		pending += n
		if pending < threshold {
			continue
		}
		// A failed write means the session is going down; teardown will
		// close credits shortly.
		_ = st.sess.writeFrame(u32Frame(frameWindowUpdate, st.id, pending))
		pending = 0
	}
}

func (st *Stream) stopCredits() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.creditsClosed {
		st.creditsClosed = true
		close(st.credits)
	}
}

// receive buffers payload from a DATA frame.
func (st *Stream) receive(payload []byte) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.buf.Write(payload)
		st.cond.Broadcast()
	}
}

func (st *Stream) addSendWindow(n uint32) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sendWindow += n
	st.cond.Broadcast()
}

func (st *Stream) remoteClosed() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.readEOF = true
	st.cond.Broadcast()
}

// fail records a terminal error and wakes blocked readers and writers.
func (st *Stream) fail(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.err = err
	}
	st.cond.Broadcast()
}
