// Package blocksync downloads a range of blocks from a set of peers in
// parallel and checks that the result forms a chain.
package blocksync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Block is a minimal block header plus payload.
type Block struct {
	Height  uint64
	Parent  string
	Payload []byte
}

// Hash returns the hex digest that children refer to as their parent.
func (b Block) Hash() string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%s|", b.Height, b.Parent)
	h.Write(b.Payload)
	return hex.EncodeToString(h.Sum(nil))
}

// Peer is a remote node that can serve blocks by height.
type Peer interface {
	ID() string
	BlockAt(ctx context.Context, height uint64) (Block, error)
}

// Scorer tells the fetcher how much a peer is trusted. Peers at or below the
// ban threshold are not asked for anything.
type Scorer interface {
	Score(peerID string) int
}

// ScoreFunc adapts a plain function to Scorer.
type ScoreFunc func(peerID string) int

// Score implements Scorer.
func (f ScoreFunc) Score(peerID string) int { return f(peerID) }

// ErrBrokenChain is returned when a downloaded block does not link to the
// block before it.
var ErrBrokenChain = fmt.Errorf("blocksync: broken chain")

// verifyChain checks that blocks[i].Parent is the hash of blocks[i-1].
func verifyChain(blocks []Block) error {
	for i := 1; i < len(blocks); i++ {
		if blocks[i].Parent != blocks[i-1].Hash() {
			return fmt.Errorf("height %d: %w", blocks[i].Height, ErrBrokenChain)
		}
	}
	return nil
}
