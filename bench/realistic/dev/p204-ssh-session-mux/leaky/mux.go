// Package sshmux multiplexes SSH-style channels over a single packet
// transport. Each channel has its own flow-control window, and the
// connection is probed with keepalives so a dead peer is noticed even when
// no channel is busy.
package sshmux

import (
	"encoding/binary"
	"fmt"
	"sync"
	"time"
)

// Message types. Every packet is a type byte, the recipient's channel id
// (zero for connection-level messages) and a type-specific payload.
const (
	msgKeepalive      = 80
	msgKeepaliveOK    = 81
	msgChannelOpen    = 90
	msgOpenConfirm    = 91
	msgOpenFailure    = 92
	msgWindowAdjust   = 93
	msgData           = 94
	msgEOF            = 96
	msgClose          = 97
	msgChannelRequest = 98
)

// maxPacket is the largest data payload we accept from the peer.
const maxPacket = 32 << 10

type packet struct {
	typ     byte
	channel uint32
	payload []byte
}

func (p packet) marshal() []byte {
	b := make([]byte, 5, 5+len(p.payload))
	b[0] = p.typ
	binary.BigEndian.PutUint32(b[1:5], p.channel)
	return append(b, p.payload...)
}

func parsePacket(b []byte) (packet, bool) {
	if len(b) < 5 {
		return packet{}, false
	}
	return packet{typ: b[0], channel: binary.BigEndian.Uint32(b[1:5]), payload: b[5:]}, true
}

// u32s encodes vals followed by tail.
func u32s(tail []byte, vals ...uint32) []byte {
	b := make([]byte, 4*len(vals), 4*len(vals)+len(tail))
	for i, v := range vals {
		binary.BigEndian.PutUint32(b[4*i:], v)
	}
	return append(b, tail...)
}

// u32At decodes the i'th uint32 of b, which the caller has length-checked.
func u32At(b []byte, i int) uint32 {
	return binary.BigEndian.Uint32(b[4*i:])
}

// Transport carries whole packets. ReadPacket is only called from one
// goroutine; WritePacket calls are serialized by the mux. Close must
// unblock a pending ReadPacket.
type Transport interface {
	ReadPacket() ([]byte, error)
	WritePacket([]byte) error
	Close() error
}

// Config tunes a Mux. Zero values select defaults.
type Config struct {
	WindowSize        uint32        // receive window per channel, default 2 MiB
	KeepaliveInterval time.Duration // default 15s; two unanswered probes drop the connection
	Logf              func(format string, args ...interface{})
}

// Mux runs channels over one Transport.
type Mux struct {
	t       Transport
	cfg     Config
	writeMu sync.Mutex
	wg      sync.WaitGroup
	done    chan struct{} // closed by teardown

	mu     sync.Mutex
	chans  map[uint32]*Channel
	nextID uint32
	err    error
	missed int
}

// New starts a mux on t. Call Close to shut it down.
func New(t Transport, cfg Config) *Mux {
	if cfg.WindowSize == 0 {
		cfg.WindowSize = 2 << 20
	}
	if cfg.KeepaliveInterval <= 0 {
		cfg.KeepaliveInterval = 15 * time.Second
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	m := &Mux{t: t, cfg: cfg, done: make(chan struct{}), chans: make(map[uint32]*Channel)}
	m.wg.Add(2)
	go m.readLoop()
	go m.keepaliveLoop()
	return m
}

// Close closes the transport and waits for the mux goroutines to exit.
func (m *Mux) Close() error {
	defer m.wg.Wait()
	return m.t.Close()
}

func (m *Mux) writePacket(p packet) error {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	select {
	case <-m.done:
		return m.err
	default:
		return m.t.WritePacket(p.marshal())
	}
}

// openChannel registers a new channel and asks the peer to open it.
func (m *Mux) openChannel(typ string, onData func([]byte), onRequest func(string, []byte)) (*Channel, error) {
	m.mu.Lock()
	if m.err != nil {
		m.mu.Unlock()
		return nil, m.err
	}
	ch := newChannel(m, m.nextID)
	ch.onData, ch.onRequest = onData, onRequest
	m.chans[ch.localID] = ch
	m.nextID++
	m.mu.Unlock()

	open := packet{typ: msgChannelOpen, channel: ch.localID, payload: u32s([]byte(typ), m.cfg.WindowSize, maxPacket)}
	if err := m.writePacket(open); err != nil {
		m.forget(ch.localID)
		return nil, fmt.Errorf("sshmux: open %s: %w", typ, err)
	}
	select {
	case err := <-ch.opened:
		if err != nil {
			return nil, err
		}
		return ch, nil
	case <-m.done:
		return nil, m.err
	}
}

func (m *Mux) forget(id uint32) {
	m.mu.Lock()
	delete(m.chans, id)
	m.mu.Unlock()
}

func (m *Mux) readLoop() {
	defer m.wg.Done()
	for {
		b, err := m.t.ReadPacket()
		if err != nil {
			m.teardown(fmt.Errorf("sshmux: connection lost: %w", err))
			return
		}
		p, ok := parsePacket(b)
		if !ok {
			m.cfg.Logf("sshmux: dropping %d-byte packet", len(b))
			continue
		}
		switch p.typ {
		case msgKeepalive:
			_ = m.writePacket(packet{typ: msgKeepaliveOK})
		case msgKeepaliveOK:
			m.mu.Lock()
			m.missed = 0
			m.mu.Unlock()
		default:
			m.mu.Lock()
			ch := m.chans[p.channel]
			m.mu.Unlock()
			if ch == nil {
				m.cfg.Logf("sshmux: packet type %d for unknown channel %d", p.typ, p.channel)
				continue
			}
			ch.handle(p)
		}
	}
}

// teardown fails every open channel once the transport is gone.
func (m *Mux) teardown(err error) {
	m.mu.Lock()
	m.err = err
	chans := m.chans
	m.chans = map[uint32]*Channel{}
	close(m.done)
	m.mu.Unlock()
	for _, ch := range chans {
		ch.finish(err)
	}
}

// keepaliveLoop probes the peer and drops the connection if it stops
// answering; readLoop then tears the channels down.
func (m *Mux) keepaliveLoop() {
	defer m.wg.Done()
	t := time.NewTicker(m.cfg.KeepaliveInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.mu.Lock()
			m.missed++
			dead := m.missed > 2
			m.mu.Unlock()
			if dead {
				m.cfg.Logf("sshmux: no keepalive reply in %v, dropping connection", m.cfg.KeepaliveInterval*time.Duration(m.missed))
				m.t.Close()
				return
			}
			_ = m.writePacket(packet{typ: msgKeepalive})
		case <-m.done:
			return
		}
	}
}
