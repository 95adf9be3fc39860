package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func chain(prefix string, from, to uint64, parent string) []Block {
	var out []Block
	for h := from; h <= to; h++ {
		b := Block{Height: h, Hash: fmt.Sprintf("%s%d", prefix, h), Parent: parent, TxN: int(h % 7)}
		out = append(out, b)
		parent = b.Hash
	}
	return out
}

type fakeNode struct {
	name   string
	blocks map[uint64]Block
	head   uint64
	down   map[uint64]bool // heights this node fails to serve
}

func newFakeNode(name string, blocks []Block) *fakeNode {
	n := &fakeNode{name: name, blocks: make(map[uint64]Block), down: make(map[uint64]bool)}
	for _, b := range blocks {
		n.blocks[b.Height] = b
		if b.Height > n.head {
			n.head = b.Height
		}
	}
	return n
}

func (n *fakeNode) Name() string                         { return n.name }
func (n *fakeNode) Head(context.Context) (uint64, error) { return n.head, nil }
func (n *fakeNode) BlockByHeight(_ context.Context, h uint64) (Block, error) {
	if n.down[h] {
		return Block{}, errors.New("503 service unavailable")
	}
	b, ok := n.blocks[h]
	if !ok {
		return Block{}, fmt.Errorf("block %d not found", h)
	}
	return b, nil
}

type fakeStore struct {
	mu         sync.Mutex
	blocks     []Block // contiguous from height 0
	conflictAt uint64  // a concurrent writer already owns this height
}

func (s *fakeStore) Head(context.Context) (Block, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.blocks) == 0 {
		return Block{}, false, nil
	}
	return s.blocks[len(s.blocks)-1], true, nil
}

func (s *fakeStore) BlockAt(_ context.Context, h uint64) (Block, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h >= uint64(len(s.blocks)) {
		return Block{}, fmt.Errorf("no block at %d", h)
	}
	return s.blocks[h], nil
}

func (s *fakeStore) Rewind(_ context.Context, h uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h+1 < uint64(len(s.blocks)) {
		s.blocks = s.blocks[:h+1]
	}
	return nil
}

func (s *fakeStore) Import(_ context.Context, r io.Reader) error {
	dec := json.NewDecoder(r)
	for {
		var b Block
		if err := dec.Decode(&b); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		s.mu.Lock()
		if b.Height == s.conflictAt {
			s.mu.Unlock()
			return fmt.Errorf("insert block %d: %w", b.Height, ErrConflict)
		}
		s.blocks = append(s.blocks, b)
		s.mu.Unlock()
	}
}

func TestSyncAfterReorgHitsConcurrentWriter(t *testing.T) {
	defer goleak.VerifyNone(t)

	// The store indexed 0..100, but 99 and 100 were on a fork that the
	// network has since abandoned.
	stored := append(chain("c", 0, 98, ""), chain("x", 99, 100, "c98")...)
	canonical := chain("c", 0, 106, "")

	a := newFakeNode("alchemy", canonical)
	b := newFakeNode("self-hosted", canonical)
	a.down[102] = true // a flaky provider; b serves it instead

	store := &fakeStore{blocks: stored, conflictAt: 101}
	ix, err := New(store, []Node{a, b}, Config{Confirmations: 2, BatchSize: 8, MaxReorgDepth: 10})
	if err != nil {
		t.Fatal(err)
	}

	res, err := ix.Sync(context.Background())
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("Sync error = %v, want ErrConflict", err)
	}
	if res.Rewound != 2 {
		t.Errorf("Rewound = %d, want 2", res.Rewound)
	}
	head, _, _ := store.Head(context.Background())
	if head.Hash != "c100" {
		t.Errorf("store head = %s, want c100", head.Hash)
	}
}
