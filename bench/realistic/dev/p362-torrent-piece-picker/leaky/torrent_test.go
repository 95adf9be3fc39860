package swarm

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errConnReset = errors.New("connection reset by peer")

// fakePeer serves blocks out of an in-memory copy of the torrent content.
type fakePeer struct {
	id       string
	content  []byte
	pieceLen int
	closeErr error

	mu     sync.Mutex
	closed bool
}

func (p *fakePeer) ID() string { return p.id }

func (p *fakePeer) RequestBlock(ctx context.Context, piece, offset, length int) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, fmt.Errorf("peer %s: connection closed", p.id)
	}
	start := piece*p.pieceLen + offset
	return append([]byte(nil), p.content[start:start+length]...), nil
}

func (p *fakePeer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	return p.closeErr
}

type memStorage struct {
	mu      sync.Mutex
	pieces  map[int][]byte
	written chan int
}

func (s *memStorage) WritePiece(i int, data []byte) error {
	s.mu.Lock()
	s.pieces[i] = append([]byte(nil), data...)
	s.mu.Unlock()
	s.written <- i
	return nil
}

func testMeta(content []byte, pieceLen int) Meta {
	m := Meta{PieceLength: pieceLen, Length: int64(len(content))}
	for off := 0; off < len(content); off += pieceLen {
		end := off + pieceLen
		if end > len(content) {
			end = len(content)
		}
		m.Hashes = append(m.Hashes, sha1.Sum(content[off:end]))
	}
	return m
}

func TestStopWithSeedMissingPieces(t *testing.T) {
	defer goleak.VerifyNone(t)

	const pieceLen = 2*BlockSize + 100
	content := make([]byte, 2*pieceLen-7)
	for i := range content {
		content[i] = byte(i * 31)
	}
	storage := &memStorage{pieces: make(map[int][]byte), written: make(chan int, 2)}
	tor, err := NewTorrent(Config{Meta: testMeta(content, pieceLen), Storage: storage, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}

	// The peer only has the first piece; after serving it, its session has
	// nothing left to request until the peer announces more.
	seed := &fakePeer{id: "-qB4520-a", content: content, pieceLen: pieceLen, closeErr: errConnReset}
	tor.AddPeer(seed, []int{0})

	if got := <-storage.written; got != 0 {
		t.Fatalf("stored piece %d, want 0", got)
	}

	err = tor.Stop()
	if !errors.Is(err, errConnReset) {
		t.Fatalf("Stop() = %v, want %v", err, errConnReset)
	}
}
