package indexer

import (
	"context"
	"fmt"
	"sync"
)

type fetched struct {
	block Block
	err   error
	h     uint64
}

// fetchOne asks nodes for height h, starting with nodes[first] and failing
// over to the others in turn.
func fetchOne(ctx context.Context, nodes []Node, first int, h uint64) (Block, error) {
	var lastErr error
	for i := range nodes {
		n := nodes[(first+i)%len(nodes)]
		b, err := n.BlockByHeight(ctx, h)
		if err == nil {
			if b.Height != h {
				lastErr = fmt.Errorf("%s returned height %d for %d", n.Name(), b.Height, h)
				continue
			}
			return b, nil
		}
		if ctx.Err() != nil {
			return Block{}, ctx.Err()
		}
		lastErr = fmt.Errorf("%s: block %d: %w", n.Name(), h, err)
	}
	return Block{}, fmt.Errorf("%w: %v", ErrAllNodesFailed, lastErr)
}

// fetchRange fetches heights from..to (inclusive) using one worker per node
// and returns them in height order. Adjacent blocks must link by parent hash.
func fetchRange(ctx context.Context, nodes []Node, from, to uint64) ([]Block, error) {
	if len(nodes) == 0 {
		return nil, ErrNoNodes
	}
	if to < from {
		return nil, nil
	}
	n := int(to-from) + 1

	heights := make(chan uint64, n)
	for h := from; h <= to; h++ {
		heights <- h
	}
	close(heights)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make(chan fetched, n)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func(first int) {
			defer wg.Done()
			for h := range heights {
				if ctx.Err() != nil {
					return
				}
				b, err := fetchOne(ctx, nodes, first, h)
				results <- fetched{block: b, err: err, h: h}
				if err != nil {
					cancel()
				}
			}
		}(i)
	}
	wg.Wait()
	close(results)

	out := make([]Block, n)
	got := make([]bool, n)
	var firstErr error
	for r := range results {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
			}
			continue
		}
		out[r.h-from] = r.block
		got[r.h-from] = true
	}
	if firstErr != nil {
		return nil, fmt.Errorf("fetch %d..%d: %w", from, to, firstErr)
	}
	for i, ok := range got {
		if !ok {
			return nil, fmt.Errorf("fetch %d..%d: block %d missing: %w", from, to, from+uint64(i), ctx.Err())
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i].Parent != out[i-1].Hash {
			return nil, fmt.Errorf("%w: block %d parent %s, block %d hash %s",
				ErrInconsistent, out[i].Height, out[i].Parent, out[i-1].Height, out[i-1].Hash)
		}
	}
	return out, nil
}
