package blocksync

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Option tunes a Fetcher.
type Option func(*Fetcher)

// WithBanThreshold sets the score at or below which a peer is skipped.
func WithBanThreshold(n int) Option { return func(f *Fetcher) { f.banAt = n } }

// WithAttempts sets how many times a peer retries one height before giving up.
func WithAttempts(n int) Option { return func(f *Fetcher) { f.attempts = n } }

// WithRequestTimeout bounds a single BlockAt call.
func WithRequestTimeout(d time.Duration) Option { return func(f *Fetcher) { f.reqTimeout = d } }

// Fetcher downloads block ranges from several peers at once.
type Fetcher struct {
	peers      []Peer
	scores     Scorer
	banAt      int
	attempts   int
	reqTimeout time.Duration
}

// NewFetcher returns a Fetcher over peers. A nil scorer trusts everybody.
func NewFetcher(peers []Peer, scores Scorer, opts ...Option) *Fetcher {
	if scores == nil {
		scores = ScoreFunc(func(string) int { return 1 })
	}
	f := &Fetcher{peers: peers, scores: scores, banAt: 0, attempts: 2, reqTimeout: 2 * time.Second}
	for _, o := range opts {
		o(f)
	}
	return f
}

type result struct {
	height uint64
	block  Block
	err    error
}

// FetchRange downloads blocks [from, to] and returns them ordered by height.
// Each eligible peer pulls heights from a shared queue, so fast peers serve
// more of the range.
func (f *Fetcher) FetchRange(ctx context.Context, from, to uint64) ([]Block, error) {
	if to < from {
		return nil, fmt.Errorf("blocksync: empty range %d..%d", from, to)
	}
	want := int(to - from + 1)

	jobs := make(chan uint64, want)
	for h := from; h <= to; h++ {
		jobs <- h
	}
	close(jobs)

	results := make(chan result)
	var wg sync.WaitGroup
	for _, p := range f.peers {
		if f.scores.Score(p.ID()) <= f.banAt {
			continue
		}
		wg.Add(1)
		go func(p Peer) {
			defer wg.Done()
			f.serve(ctx, p, jobs, results)
		}(p)
	}
	closeWhenDone(&wg, results)

	byHeight := make(map[uint64]Block, want)
	var failed []uint64
	for r := range results {
		if r.err != nil {
			failed = append(failed, r.height)
		} else {
			byHeight[r.height] = r.block
		}
		if len(byHeight)+len(failed) == want {
			break
		}
	}
	if len(failed) > 0 {
		sort.Slice(failed, func(i, j int) bool { return failed[i] < failed[j] })
		return nil, fmt.Errorf("blocksync: no peer served heights %v", failed)
	}
	if len(byHeight) < want {
		return nil, fmt.Errorf("blocksync: got %d of %d blocks: all peers gone", len(byHeight), want)
	}

	blocks := make([]Block, 0, want)
	for h := from; h <= to; h++ {
		blocks = append(blocks, byHeight[h])
	}
	if err := verifyChain(blocks); err != nil {
		return nil, err
	}
	return blocks, nil
}
