package blocksync

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Hash identifies a block.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:6]) }

// Block is a unit of the chain. Hash commits to the height, the parent hash
// and the payload.
type Block struct {
	Height  uint64
	Parent  Hash
	Payload []byte
	Hash    Hash
}

// ComputeHash returns the hash a well-formed block must carry.
func ComputeHash(height uint64, parent Hash, payload []byte) Hash {
	h := sha256.New()
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], height)
	h.Write(buf[:])
	h.Write(parent[:])
	h.Write(payload)
	var out Hash
	copy(out[:], h.Sum(nil))
	return out
}

// ErrInvalidBlock is wrapped by all validation failures.
var ErrInvalidBlock = errors.New("blocksync: invalid block")

// verifyBatch checks that blocks form a contiguous chain starting at
// height from on top of parent.
func verifyBatch(blocks []Block, from uint64, parent Hash, extra func(Block) error) error {
	for i, b := range blocks {
		switch {
		case b.Height != from+uint64(i):
			return fmt.Errorf("%w: got height %d, want %d", ErrInvalidBlock, b.Height, from+uint64(i))
		case b.Parent != parent:
			return fmt.Errorf("%w: block %d does not extend %s", ErrInvalidBlock, b.Height, parent)
		case ComputeHash(b.Height, b.Parent, b.Payload) != b.Hash:
			return fmt.Errorf("%w: block %d hash mismatch", ErrInvalidBlock, b.Height)
		}
		if extra != nil {
			if err := extra(b); err != nil {
				return fmt.Errorf("%w: block %d: %v", ErrInvalidBlock, b.Height, err)
			}
		}
		parent = b.Hash
	}
	return nil
}

// Peer is a remote node that serves blocks.
type Peer interface {
	ID() string
	// GetBlocks returns up to count consecutive blocks starting at from.
	GetBlocks(ctx context.Context, from uint64, count int) ([]Block, error)
}

// Chain is the local chain the downloader extends.
type Chain interface {
	Head(ctx context.Context) (height uint64, hash Hash, err error)
	Apply(ctx context.Context, b Block) error
}

// Clock abstracts time for ban expiry.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// banList remembers misbehaving peers until their ban expires.
type banList struct {
	clock Clock
	mu    sync.Mutex
	until map[string]time.Time
}

func (b *banList) ban(id string, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.until[id] = b.clock.Now().Add(d)
}

func (b *banList) banned(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.until[id]
	if !ok {
		return false
	}
	if !b.clock.Now().Before(t) {
		delete(b.until, id)
		return false
	}
	return true
}
