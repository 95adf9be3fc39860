package alignrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime"
)

const (
	defaultShardSize    = 50000
	defaultStreamBuffer = 256
)

// Option configures a Runner.
type Option func(*Runner)

// WithShardSize sets how many reads go into each shard.
func WithShardSize(n int) Option {
	return func(r *Runner) { r.shardSize = n }
}

// WithWorkers sets how many aligner invocations may run at once.
func WithWorkers(n int) Option {
	return func(r *Runner) { r.workers = n }
}

// WithStreamBuffer sets how many alignments each shard may queue ahead of the
// merger before its worker has to wait.
func WithStreamBuffer(n int) Option {
	return func(r *Runner) { r.streamBuffer = n }
}

// WithLogger sets the logger used for progress messages.
func WithLogger(l *log.Logger) Option {
	return func(r *Runner) { r.logger = l }
}

// Runner drives one aligner over many shards and merges the results.
type Runner struct {
	aligner      Aligner
	shardSize    int
	workers      int
	streamBuffer int
	logger       *log.Logger
}

// New returns a Runner that uses aligner for every shard.
func New(aligner Aligner, opts ...Option) (*Runner, error) {
	if aligner == nil {
		return nil, errors.New("alignrun: nil aligner")
	}
	r := &Runner{
		aligner:      aligner,
		shardSize:    defaultShardSize,
		workers:      runtime.NumCPU(),
		streamBuffer: defaultStreamBuffer,
		logger:       log.New(io.Discard, "", 0),
	}
	for _, opt := range opts {
		opt(r)
	}
	if r.shardSize <= 0 {
		return nil, fmt.Errorf("alignrun: shard size must be positive, got %d", r.shardSize)
	}
	if r.workers <= 0 {
		return nil, fmt.Errorf("alignrun: worker count must be positive, got %d", r.workers)
	}
	if r.streamBuffer < 0 {
		return nil, fmt.Errorf("alignrun: negative stream buffer %d", r.streamBuffer)
	}
	return r, nil
}

// Run aligns reads shard by shard and writes the merged output to sink in
// coordinate order. It returns as soon as any shard fails or the sink
// rejects a record.
func (r *Runner) Run(ctx context.Context, reads []Read, sink Sink) (Stats, error) {
	shards := shardReads(reads, r.shardSize)
	stats := Stats{Reads: len(reads), Shards: len(shards)}
	if len(shards) == 0 {
		return stats, nil
	}

	sem := make(chan struct{}, r.workers)
	streams := make([]*shardStream, len(shards))
	for i, sh := range shards {
		streams[i] = newShardStream(sh.Index, r.streamBuffer)
		go r.alignShard(ctx, sem, sh, streams[i])
	}

	n, err := mergeStreams(streams, sink)
	stats.Alignments = n
	if err != nil {
		return stats, fmt.Errorf("alignrun: merge: %w", err)
	}
	r.logger.Printf("aligned %d reads in %d shards: %d alignments", stats.Reads, stats.Shards, n)
	return stats, nil
}

// alignShard runs the aligner on one shard under the worker semaphore and
// then feeds the result to the shard's stream.
func (r *Runner) alignShard(ctx context.Context, sem chan struct{}, sh Shard, out *shardStream) {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		out.fail(ctx.Err())
		return
	}
	alns, err := r.aligner.Align(ctx, sh)
	<-sem
	if err != nil {
		r.logger.Printf("shard %d: aligner failed: %v", sh.Index, err)
		out.fail(fmt.Errorf("shard %d: %w", sh.Index, err))
		return
	}
	out.emit(ctx, alns)
}

// shardReads splits reads into consecutive shards of at most size reads.
func shardReads(reads []Read, size int) []Shard {
	var shards []Shard
	for start := 0; start < len(reads); start += size {
		end := start + size
		if end > len(reads) {
			end = len(reads)
		}
		shards = append(shards, Shard{Index: len(shards), Reads: reads[start:end]})
	}
	return shards
}
