package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// Config configures an Indexer. Zero values get sensible defaults.
type Config struct {
	// Confirmations is how far behind the nodes' best head the indexer
	// stays, to avoid importing blocks that are likely to be reorganised.
	Confirmations uint64
	// BatchSize is the number of blocks fetched and imported at a time.
	BatchSize uint64
	// MaxReorgDepth bounds how far back a common ancestor is searched for.
	MaxReorgDepth uint64
	// StartHeight is where an empty store starts indexing.
	StartHeight uint64
	Logger      Logger
}

// Indexer syncs a Store from a set of Nodes.
type Indexer struct {
	nodes []Node
	store Store
	cfg   Config
	log   Logger
}

// SyncResult summarises one Sync call.
type SyncResult struct {
	Imported uint64
	Head     uint64
	Rewound  uint64 // number of blocks discarded by reorg handling
}

// New returns an Indexer.
func New(store Store, nodes []Node, cfg Config) (*Indexer, error) {
	if len(nodes) == 0 {
		return nil, ErrNoNodes
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 100
	}
	if cfg.MaxReorgDepth == 0 {
		cfg.MaxReorgDepth = 64
	}
	lg := cfg.Logger
	if lg == nil {
		lg = nopLogger{}
	}
	return &Indexer{nodes: nodes, store: store, cfg: cfg, log: lg}, nil
}

// target returns the highest height that is safe to import: the best head
// reported by any node, minus the confirmation depth.
func (ix *Indexer) target(ctx context.Context) (uint64, error) {
	var best uint64
	var ok bool
	for _, n := range ix.nodes {
		h, err := n.Head(ctx)
		if err != nil {
			ix.log.Printf("indexer: head from %s: %v", n.Name(), err)
			continue
		}
		if !ok || h > best {
			best, ok = h, true
		}
	}
	if !ok {
		return 0, fmt.Errorf("head: %w", ErrAllNodesFailed)
	}
	if best < ix.cfg.Confirmations {
		return 0, nil
	}
	return best - ix.cfg.Confirmations, nil
}

// Sync imports every block up to the confirmed head, handling any
// reorganisation it finds on the way.
func (ix *Indexer) Sync(ctx context.Context) (SyncResult, error) {
	var res SyncResult
	target, err := ix.target(ctx)
	if err != nil {
		return res, err
	}
	head, haveHead, err := ix.store.Head(ctx)
	if err != nil {
		return res, fmt.Errorf("store head: %w", err)
	}
	next := ix.cfg.StartHeight
	if haveHead {
		next = head.Height + 1
	}
	for next <= target {
		end := next + ix.cfg.BatchSize - 1
		if end > target {
			end = target
		}
		blocks, err := fetchRange(ctx, ix.nodes, next, end)
		if err != nil {
			return res, err
		}
		if haveHead && blocks[0].Parent != head.Hash {
			ancestor, err := ix.findAncestor(ctx, head.Height)
			if err != nil {
				return res, err
			}
			if err := ix.store.Rewind(ctx, ancestor.Height); err != nil {
				return res, fmt.Errorf("rewind to %d: %w", ancestor.Height, err)
			}
			ix.log.Printf("indexer: reorg, rewound from %d to %d", head.Height, ancestor.Height)
			res.Rewound += head.Height - ancestor.Height
			head = ancestor
			next = ancestor.Height + 1
			continue
		}
		if err := ix.persist(ctx, blocks); err != nil {
			return res, err
		}
		head, haveHead = blocks[len(blocks)-1], true
		res.Imported += uint64(len(blocks))
		next = end + 1
	}
	res.Head = head.Height
	return res, nil
}

// findAncestor walks back from height h until the stored block matches the
// nodes' view of the chain.
func (ix *Indexer) findAncestor(ctx context.Context, h uint64) (Block, error) {
	for depth := uint64(1); depth <= ix.cfg.MaxReorgDepth && depth <= h; depth++ {
		height := h - depth
		stored, err := ix.store.BlockAt(ctx, height)
		if err != nil {
			return Block{}, fmt.Errorf("stored block %d: %w", height, err)
		}
		canon, err := fetchOne(ctx, ix.nodes, 0, height)
		if err != nil {
			return Block{}, err
		}
		if canon.Hash == stored.Hash {
			return stored, nil
		}
	}
	return Block{}, fmt.Errorf("%w: no common ancestor within %d blocks of %d", ErrReorgTooDeep, ix.cfg.MaxReorgDepth, h)
}

// persist streams blocks into the store's bulk import without building the
// whole payload in memory.
func (ix *Indexer) persist(ctx context.Context, blocks []Block) error {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, b := range blocks {
			if err := enc.Encode(b); err != nil { // leak: nobody reads or closes pr once Import has failed
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	if err := ix.store.Import(ctx, pr); err != nil {
		return fmt.Errorf("import %d..%d: %w", blocks[0].Height, blocks[len(blocks)-1].Height, err)
	}
	return nil
}
