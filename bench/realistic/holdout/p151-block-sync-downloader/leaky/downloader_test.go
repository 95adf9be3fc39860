package blocksync

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

// memChain is an in-memory Chain.
type memChain struct {
	mu     sync.Mutex
	blocks []Block
}

func (c *memChain) Head(context.Context) (uint64, Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.blocks[len(c.blocks)-1]
	return last.Height, last.Hash, nil
}

func (c *memChain) Apply(_ context.Context, b Block) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.blocks[len(c.blocks)-1]
	if b.Height != last.Height+1 || b.Parent != last.Hash {
		return fmt.Errorf("block %d does not extend head %d", b.Height, last.Height)
	}
	c.blocks = append(c.blocks, b)
	return nil
}

func makeChain(n int) []Block {
	genesis := Block{Height: 0, Payload: []byte("genesis")}
	genesis.Hash = ComputeHash(0, Hash{}, genesis.Payload)
	blocks := []Block{genesis}
	for h := uint64(1); h <= uint64(n); h++ {
		payload := []byte(fmt.Sprintf("txs of block %d", h))
		parent := blocks[h-1].Hash
		blocks = append(blocks, Block{Height: h, Parent: parent, Payload: payload, Hash: ComputeHash(h, parent, payload)})
	}
	return blocks
}

// servingPeer serves blocks from a canonical chain, optionally corrupting
// every payload it hands out.
type servingPeer struct {
	id      string
	blocks  []Block
	corrupt bool
}

func (p *servingPeer) ID() string { return p.id }

func (p *servingPeer) GetBlocks(ctx context.Context, from uint64, count int) ([]Block, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Block
	for h := from; h < from+uint64(count) && h < uint64(len(p.blocks)); h++ {
		b := p.blocks[h]
		if p.corrupt {
			b.Payload = append([]byte("double spend "), b.Payload...)
		}
		out = append(out, b)
	}
	return out, nil
}

func TestSyncSkipsBannedPeer(t *testing.T) {
	defer goleak.VerifyNone(t)

	canonical := makeChain(12)
	chain := &memChain{blocks: canonical[:1]}
	d := New(chain, Config{BatchSize: 4, Clock: &fakeClock{now: time.Unix(1700000000, 0)}})
	ctx := context.Background()

	evil := &servingPeer{id: "evil", blocks: canonical, corrupt: true}
	honest := &servingPeer{id: "honest", blocks: canonical}

	// First round: only the misbehaving peer is connected.
	if err := d.Sync(ctx, []Peer{evil}, 12); !errors.Is(err, ErrNoPeers) {
		t.Fatalf("first Sync: got %v, want ErrNoPeers", err)
	}
	if !d.Banned("evil") {
		t.Fatal("evil peer was not banned")
	}

	// Second round: an honest peer has connected as well.
	if err := d.Sync(ctx, []Peer{evil, honest}, 12); err != nil {
		t.Fatalf("second Sync: %v", err)
	}
	height, hash, _ := chain.Head(ctx)
	if height != 12 || hash != canonical[12].Hash {
		t.Fatalf("head = %d %s, want 12 %s", height, hash, canonical[12].Hash)
	}
}
