package swarm

import (
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"log"
	"sync"
)

// BlockSize is the request granularity used on the wire (16 KiB).
const BlockSize = 16 << 10

// PeerConn is an established, unchoked connection to a remote peer.
type PeerConn interface {
	// ID returns the remote peer id.
	ID() string
	// RequestBlock fetches length bytes at offset within piece.
	RequestBlock(ctx context.Context, piece, offset, length int) ([]byte, error)
	// Close tears down the connection.
	Close() error
}

// Storage persists verified pieces.
type Storage interface {
	WritePiece(index int, data []byte) error
}

// Meta is the subset of torrent metainfo needed to download it.
type Meta struct {
	PieceLength int
	Length      int64
	Hashes      [][sha1.Size]byte
}

func (m Meta) pieceSize(i int) int {
	if i == len(m.Hashes)-1 {
		if rem := int(m.Length % int64(m.PieceLength)); rem != 0 {
			return rem
		}
	}
	return m.PieceLength
}

// Config configures a Torrent.
type Config struct {
	Meta    Meta
	Storage Storage
	// MaxHashFailures is how many corrupt pieces a peer may send before it
	// is dropped. Zero means 3.
	MaxHashFailures int
	// Logf defaults to log.Printf.
	Logf func(format string, args ...interface{})
}

// ErrHashMismatch reports a piece whose SHA-1 does not match the metainfo.
var ErrHashMismatch = errors.New("swarm: piece hash mismatch")

type peer struct {
	conn     PeerConn
	hashFail int
}

// Torrent downloads one torrent from the peers added to it.
type Torrent struct {
	cfg    Config
	picker *Picker
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	peers map[string]*peer
}

// NewTorrent returns a Torrent ready to accept peers.
func NewTorrent(cfg Config) (*Torrent, error) {
	if cfg.Storage == nil || cfg.Meta.PieceLength <= 0 || len(cfg.Meta.Hashes) == 0 {
		return nil, fmt.Errorf("swarm: invalid config")
	}
	if cfg.MaxHashFailures == 0 {
		cfg.MaxHashFailures = 3
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Torrent{
		cfg:    cfg,
		picker: NewPicker(len(cfg.Meta.Hashes)),
		ctx:    ctx,
		cancel: cancel,
		peers:  make(map[string]*peer),
	}, nil
}

// AddPeer registers a connected peer with the pieces from its bitfield and
// starts downloading from it.
func (t *Torrent) AddPeer(conn PeerConn, have []int) {
	p := &peer{conn: conn}
	t.mu.Lock()
	t.peers[conn.ID()] = p
	t.mu.Unlock()
	t.picker.AddPeer(conn.ID(), have)
	t.wg.Add(1)
	go t.session(p)
}

// PeerHas handles a "have" message from a peer.
func (t *Torrent) PeerHas(id string, piece int) { t.picker.Have(id, piece) }

// Left returns the number of pieces still to download.
func (t *Torrent) Left() int { return t.picker.Left() }

func (t *Torrent) session(p *peer) {
	defer t.wg.Done()
	id := p.conn.ID()
	defer t.picker.RemovePeer(id)
	for {
		i, err := t.picker.Next(id)
		if err != nil {
			return
		}
		if err := t.download(p, i); err != nil {
			t.picker.Release(i)
			t.cfg.Logf("swarm: peer %s piece %d: %v", id, i, err)
			if errors.Is(err, ErrHashMismatch) && p.hashFail < t.cfg.MaxHashFailures {
				continue
			}
			t.dropPeer(id)
			return
		}
		t.picker.Verified(i)
	}
}

// download fetches, verifies and stores piece i from p.
func (t *Torrent) download(p *peer, i int) error {
	size := t.cfg.Meta.pieceSize(i)
	var buf bytes.Buffer
	buf.Grow(size)
	for off := 0; off < size; off += BlockSize {
		n := BlockSize
		if off+n > size {
			n = size - off
		}
		b, err := p.conn.RequestBlock(t.ctx, i, off, n)
		if err != nil {
			return fmt.Errorf("request block %d+%d: %w", off, n, err)
		}
		if len(b) != n {
			return fmt.Errorf("block %d+%d: got %d bytes", off, n, len(b))
		}
		buf.Write(b)
	}
	if sha1.Sum(buf.Bytes()) != t.cfg.Meta.Hashes[i] {
		p.hashFail++
		return ErrHashMismatch
	}
	if err := t.cfg.Storage.WritePiece(i, buf.Bytes()); err != nil {
		return fmt.Errorf("write piece: %w", err)
	}
	return nil
}

func (t *Torrent) dropPeer(id string) {
	t.mu.Lock()
	p, ok := t.peers[id]
	delete(t.peers, id)
	t.mu.Unlock()
	if ok {
		if err := p.conn.Close(); err != nil {
			t.cfg.Logf("swarm: close peer %s: %v", id, err)
		}
	}
}

// Stop disconnects all peers and waits for their sessions to finish.
func (t *Torrent) Stop() error {
	t.cancel()
	t.mu.Lock()
	peers := t.peers
	t.peers = make(map[string]*peer)
	t.mu.Unlock()

	for id, p := range peers {
		if err := p.conn.Close(); err != nil {
			return fmt.Errorf("swarm: close peer %s: %w", id, err)
		}
	}
	t.picker.Close()
	t.wg.Wait()
	return nil
}
