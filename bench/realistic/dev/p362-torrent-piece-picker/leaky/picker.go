// Package swarm downloads the pieces of a torrent from a set of peers.
//
// A Picker decides which piece each peer should be asked for next (rarest
// first among the pieces the peer advertises), and a Torrent runs one
// download session per connected peer, requesting blocks, verifying piece
// hashes and handing verified pieces to storage.
package swarm

import (
	"errors"
	"sync"
)

var (
	// ErrPickerClosed is returned by Next after Close.
	ErrPickerClosed = errors.New("swarm: picker closed")
	// ErrComplete is returned by Next once every piece is verified.
	ErrComplete = errors.New("swarm: all pieces verified")
	// ErrUnknownPeer is returned by Next for a peer that was removed.
	ErrUnknownPeer = errors.New("swarm: unknown peer")
)

// Picker tracks piece availability across peers and hands out pieces to
// download. It is safe for concurrent use; Next blocks until a piece the peer
// can serve becomes available.
type Picker struct {
	mu   sync.Mutex
	cond *sync.Cond

	verified []bool
	inflight []bool
	avail    []int // number of peers advertising each piece
	peers    map[string][]bool
	left     int
	closed   bool
}

// NewPicker returns a Picker for a torrent of numPieces pieces.
func NewPicker(numPieces int) *Picker {
	p := &Picker{
		verified: make([]bool, numPieces),
		inflight: make([]bool, numPieces),
		avail:    make([]int, numPieces),
		peers:    make(map[string][]bool),
		left:     numPieces,
	}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// AddPeer records the pieces advertised in a peer's bitfield message.
func (p *Picker) AddPeer(peer string, have []int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	bits := make([]bool, len(p.verified))
	for _, i := range have {
		if i >= 0 && i < len(bits) && !bits[i] {
			bits[i] = true
			p.avail[i]++
		}
	}
	p.peers[peer] = bits
	p.cond.Broadcast()
}

// Have records a "have" message: the peer now has piece i.
func (p *Picker) Have(peer string, i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	bits, ok := p.peers[peer]
	if !ok || i < 0 || i >= len(bits) || bits[i] {
		return
	}
	bits[i] = true
	p.avail[i]++
	p.cond.Broadcast()
}

// RemovePeer forgets a disconnected peer.
func (p *Picker) RemovePeer(peer string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	bits, ok := p.peers[peer]
	if !ok {
		return
	}
	for i, has := range bits {
		if has {
			p.avail[i]--
		}
	}
	delete(p.peers, peer)
	p.cond.Broadcast()
}

// Next reserves the rarest piece that peer has and that is neither verified
// nor being downloaded from another peer. It blocks until such a piece exists,
// the download completes, the peer is removed, or the picker is closed.
func (p *Picker) Next(peer string) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return -1, ErrPickerClosed
		}
		if p.left == 0 {
			return -1, ErrComplete
		}
		bits, ok := p.peers[peer]
		if !ok {
			return -1, ErrUnknownPeer
		}
		if i := p.rarestLocked(bits); i >= 0 {
			p.inflight[i] = true
			return i, nil
		}
		p.cond.Wait() // leak: nothing wakes this waiter once the torrent is stopped
	}
}

func (p *Picker) rarestLocked(bits []bool) int {
	best := -1
	for i, has := range bits {
		if !has || p.verified[i] || p.inflight[i] {
			continue
		}
		if best < 0 || p.avail[i] < p.avail[best] {
			best = i
		}
	}
	return best
}

// Release returns a reserved piece to the pool, e.g. after a failed hash
// check or a dropped connection.
func (p *Picker) Release(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight[i] = false
	p.cond.Broadcast()
}

// Verified marks a reserved piece as downloaded and verified.
func (p *Picker) Verified(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight[i] = false
	if !p.verified[i] {
		p.verified[i] = true
		p.left--
	}
	p.cond.Broadcast()
}

// Left returns the number of pieces not yet verified.
func (p *Picker) Left() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.left
}

// Close wakes all waiters; subsequent calls to Next fail with
// ErrPickerClosed.
func (p *Picker) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.cond.Broadcast()
}
