// Package blocksync downloads a range of blocks from a set of peers in
// parallel, validates them and applies them to the local chain strictly in
// height order. Peers that serve invalid data are banned for a while.
package blocksync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrNoPeers is returned when no usable peer is left to download from.
var ErrNoPeers = errors.New("blocksync: no usable peers")

// Config configures a Downloader.
type Config struct {
	// BatchSize is the number of blocks requested at once. Zero means 64.
	BatchSize int
	// RequestTimeout bounds a single GetBlocks call. Zero means 10s.
	RequestTimeout time.Duration
	// BanDuration is how long a peer that served invalid blocks is
	// ignored. Zero means 10 minutes.
	BanDuration time.Duration
	// Validate, if set, applies additional consensus checks to each block.
	Validate func(Block) error
	Clock    Clock
	Logger   *log.Logger
}

// Downloader synchronises a Chain from remote peers. It is safe to call
// Sync repeatedly; bans carry over between calls.
type Downloader struct {
	cfg   Config
	chain Chain
	bans  *banList
}

// New returns a Downloader that extends chain.
func New(chain Chain, cfg Config) *Downloader {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 64
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.BanDuration <= 0 {
		cfg.BanDuration = 10 * time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Downloader{
		cfg:   cfg,
		chain: chain,
		bans:  &banList{clock: cfg.Clock, until: make(map[string]time.Time)},
	}
}

// Banned reports whether the peer with the given ID is currently banned.
func (d *Downloader) Banned(id string) bool { return d.bans.banned(id) }

type span struct{ from, to uint64 }

func (s span) count() int { return int(s.to - s.from + 1) }

type result struct {
	peer   string
	span   span
	blocks []Block
	err    error
}

// Sync downloads and applies all blocks above the local head up to and
// including target.
func (d *Downloader) Sync(ctx context.Context, peers []Peer, target uint64) error {
	head, headHash, err := d.chain.Head(ctx)
	if err != nil {
		return fmt.Errorf("blocksync: reading head: %w", err)
	}
	if target <= head {
		return nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var spans []span
	for from := head + 1; from <= target; from += uint64(d.cfg.BatchSize) {
		to := from + uint64(d.cfg.BatchSize) - 1
		if to > target {
			to = target
		}
		spans = append(spans, span{from, to})
	}
	// Every span is either in tasks, being fetched, or pending, so
	// re-queueing a span can never block.
	tasks := make(chan span, len(spans))
	for _, s := range spans {
		tasks <- s
	}
	results := make(chan result)

	var wg sync.WaitGroup
	started := 0
	for _, p := range peers {
		if d.bans.banned(p.ID()) {
			d.cfg.Logger.Printf("skipping banned peer %s", p.ID())
			continue
		}
		started++
		wg.Add(1)
		go func(p Peer) {
			defer wg.Done()
			d.fetchLoop(ctx, p, tasks, results)
		}(p)
	}
	if started == 0 {
		return ErrNoPeers
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	return d.applyInOrder(ctx, head+1, headHash, target, tasks, results)
}

// applyInOrder collects fetched spans and applies them to the chain in
// height order, re-queueing spans that failed or came from a bad peer.
func (d *Downloader) applyInOrder(ctx context.Context, next uint64, parent Hash, target uint64,
	tasks chan<- span, results <-chan result) error {
	pending := make(map[uint64]result)
	for next <= target {
		select {
		case res, ok := <-results:
			if !ok {
				return fmt.Errorf("blocksync: stalled at block %d: %w", next, ErrNoPeers)
			}
			if res.err != nil {
				d.cfg.Logger.Printf("peer %s failed blocks %d-%d: %v", res.peer, res.span.from, res.span.to, res.err)
				tasks <- res.span
				continue
			}
			pending[res.span.from] = res
		case <-ctx.Done():
			return ctx.Err()
		}

		for {
			res, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if len(res.blocks) != res.span.count() {
				d.punish(res, fmt.Errorf("%w: got %d blocks, want %d", ErrInvalidBlock, len(res.blocks), res.span.count()), pending, tasks)
				break
			}
			if err := verifyBatch(res.blocks, next, parent, d.cfg.Validate); err != nil {
				d.punish(res, err, pending, tasks)
				break
			}
			for _, b := range res.blocks {
				if err := d.chain.Apply(ctx, b); err != nil {
					return fmt.Errorf("blocksync: applying block %d: %w", b.Height, err)
				}
			}
			parent = res.blocks[len(res.blocks)-1].Hash
			next = res.span.to + 1
		}
	}
	return nil
}

// punish bans the peer that served res and re-queues everything it
// delivered that has not been applied yet.
func (d *Downloader) punish(res result, reason error, pending map[uint64]result, tasks chan<- span) {
	d.cfg.Logger.Printf("banning peer %s: %v", res.peer, reason)
	d.bans.ban(res.peer, d.cfg.BanDuration)
	tasks <- res.span
	for from, r := range pending {
		if r.peer == res.peer {
			delete(pending, from)
			tasks <- r.span
		}
	}
}

// fetchLoop serves spans from tasks using p until the sync ends, p fails
// a request, or p gets banned.
func (d *Downloader) fetchLoop(ctx context.Context, p Peer, tasks <-chan span, results chan<- result) {
	for !d.bans.banned(p.ID()) {
		var s span
		select {
		case s = <-tasks:
		case <-ctx.Done():
			return
		}
		rctx, cancel := context.WithTimeout(ctx, d.cfg.RequestTimeout)
		blocks, err := p.GetBlocks(rctx, s.from, s.count())
		cancel()
		if err != nil {
			err = fmt.Errorf("get blocks from %s: %w", p.ID(), err)
		}
		select {
		case results <- result{peer: p.ID(), span: s, blocks: blocks, err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}
