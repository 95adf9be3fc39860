package blocksync

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"
)

type memPeer struct {
	id    string
	chain []Block
}

func (p *memPeer) ID() string { return p.id }

func (p *memPeer) BlockAt(ctx context.Context, h uint64) (Block, error) {
	if err := ctx.Err(); err != nil {
		return Block{}, err
	}
	if h >= uint64(len(p.chain)) {
		return Block{}, errors.New("unknown height")
	}
	return p.chain[h], nil
}

func makeChain(n int) []Block {
	chain := make([]Block, n)
	parent := ""
	for i := range chain {
		chain[i] = Block{Height: uint64(i), Parent: parent, Payload: []byte{byte(i)}}
		parent = chain[i].Hash()
	}
	return chain
}

func TestFetchRangeSkipsBannedPeer(t *testing.T) {
	defer goleak.VerifyNone(t)

	chain := makeChain(20)
	peers := []Peer{
		&memPeer{id: "a", chain: chain},
		&memPeer{id: "b", chain: chain},
		&memPeer{id: "mallory", chain: chain},
	}
	scores := ScoreFunc(func(id string) int {
		if id == "mallory" {
			return -5
		}
		return 10
	})
	f := NewFetcher(peers, scores)

	blocks, err := f.FetchRange(context.Background(), 3, 15)
	if err != nil {
		t.Fatalf("FetchRange: %v", err)
	}
	if len(blocks) != 13 || blocks[0].Height != 3 || blocks[12].Height != 15 {
		t.Fatalf("unexpected blocks: %d", len(blocks))
	}
}
