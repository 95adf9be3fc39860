// Package mux multiplexes flow-controlled logical channels over one stream, SSH style.
package mux

import (
	"encoding/binary"
	"fmt"
	"io"
	"sync"
)

// Frame types.
const msgOpen, msgData, msgWindow, msgClose byte = 1, 2, 3, 4

// Option configures a Session.
type Option func(*Session)

// WithWindow sets the initial window of every channel. Both ends must agree on it.
func WithWindow(n uint32) Option { return func(s *Session) { s.window = n } }

// Session is one end of a multiplexed connection.
type Session struct {
	conn     io.ReadWriteCloser
	window   uint32
	wmu      sync.Mutex // serializes frames on conn
	mu       sync.Mutex
	chans    map[uint32]*Channel
	nextID   uint32
	accepts  chan *Channel
	readDone chan struct{}
}

// NewSession starts a session on conn; exactly one of the two ends must be the client.
func NewSession(conn io.ReadWriteCloser, client bool, opts ...Option) *Session {
	s := &Session{
		conn:     conn,
		window:   64 << 10,
		chans:    make(map[uint32]*Channel),
		accepts:  make(chan *Channel, 16),
		readDone: make(chan struct{}),
	}
	if client {
		s.nextID = 1
	}
	for _, o := range opts {
		o(s)
	}
	go s.readLoop()
	return s
}

// Open opens a new channel to the peer.
func (s *Session) Open() (*Channel, error) {
	s.mu.Lock()
	id := s.nextID
	s.nextID += 2
	ch := newChannel(s, id)
	s.chans[id] = ch
	s.mu.Unlock()
	return ch, s.writeFrame(msgOpen, id, nil)
}

// Accept returns the next channel opened by the peer.
func (s *Session) Accept() (*Channel, error) {
	select {
	case ch := <-s.accepts:
		return ch, nil
	case <-s.readDone:
		return nil, io.ErrClosedPipe
	}
}

// Close closes the connection and waits for the reader to finish.
func (s *Session) Close() error {
	err := s.conn.Close()
	<-s.readDone
	return err
}

func (s *Session) writeFrame(typ byte, id uint32, payload []byte) error {
	buf := make([]byte, 9+len(payload)) // type, channel id, payload length, payload
	buf[0] = typ
	binary.BigEndian.PutUint32(buf[1:5], id)
	binary.BigEndian.PutUint32(buf[5:9], uint32(len(payload)))
	copy(buf[9:], payload)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := s.conn.Write(buf); err != nil {
		return fmt.Errorf("mux: write frame: %w", err)
	}
	return nil
}

func (s *Session) readLoop() {
	defer close(s.readDone)
	hdr := make([]byte, 9)
	for {
		if _, err := io.ReadFull(s.conn, hdr); err != nil {
			s.teardown(err)
			return
		}
		id := binary.BigEndian.Uint32(hdr[1:5])
		payload := make([]byte, binary.BigEndian.Uint32(hdr[5:9]))
		if _, err := io.ReadFull(s.conn, payload); err != nil {
			s.teardown(err)
			return
		}
		s.mu.Lock()
		ch := s.chans[id]
		if hdr[0] == msgOpen && ch == nil {
			ch = newChannel(s, id)
			s.chans[id] = ch
			s.accepts <- ch
		}
		s.mu.Unlock()
		switch {
		case ch == nil:
		case hdr[0] == msgData:
			ch.update(func() { ch.buf = append(ch.buf, payload...) })
		case hdr[0] == msgWindow && len(payload) == 4:
			ch.update(func() { ch.remoteWindow += binary.BigEndian.Uint32(payload) })
		case hdr[0] == msgClose:
			ch.update(func() { ch.eof = true })
		}
	}
}

// teardown fails every open channel after the connection is lost.
func (s *Session) teardown(err error) {
	err = fmt.Errorf("mux: connection lost: %w", err)
	s.mu.Lock()
	chans := s.chans
	s.chans = map[uint32]*Channel{}
	s.mu.Unlock()
	for _, ch := range chans {
		ch.abort(err)
	}
}
