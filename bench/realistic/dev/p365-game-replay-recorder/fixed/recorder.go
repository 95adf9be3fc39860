// Package replay records the inputs of a multiplayer match so that it can be
// replayed deterministically later. Inputs are buffered per player and written
// out as compressed chunks to a ChunkStore, typically object storage.
package replay

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// maxInputSize bounds a single frame's input payload.
const maxInputSize = 4 << 10

var (
	// ErrClosed is returned when recording into a closed Recorder.
	ErrClosed = errors.New("replay: recorder closed")
	// ErrOutOfOrder is returned for a frame whose tick does not advance the
	// player's stream.
	ErrOutOfOrder = errors.New("replay: frame out of order")
	// ErrTooManyPlayers is returned when a match exceeds the player limit.
	ErrTooManyPlayers = errors.New("replay: too many players")
)

// Frame is a single player's input for one simulation tick.
type Frame struct {
	Tick   uint64
	Player string
	Input  []byte
}

// ChunkStore persists encoded chunks. PutChunk consumes body until EOF and
// stores it under key; it may return early with an error, for example when
// the backend rejects the request before the body is sent.
type ChunkStore interface {
	PutChunk(ctx context.Context, key string, body io.Reader) error
}

// Stats summarises what a Recorder has persisted.
type Stats struct {
	Chunks        int
	Frames        int
	FailedFlushes int
}

type options struct {
	chunkFrames   int
	level         int
	maxPlayers    int
	uploadTimeout time.Duration
}

// Option configures a Recorder.
type Option func(*options)

// WithChunkFrames sets how many frames are buffered per player before a chunk
// is flushed. The default is 256.
func WithChunkFrames(n int) Option { return func(o *options) { o.chunkFrames = n } }

// WithCompressionLevel sets the gzip level used for chunk bodies.
func WithCompressionLevel(level int) Option { return func(o *options) { o.level = level } }

// WithMaxPlayers limits the number of distinct players in a match.
func WithMaxPlayers(n int) Option { return func(o *options) { o.maxPlayers = n } }

// WithUploadTimeout bounds each chunk upload. Zero means no extra bound
// beyond the caller's context.
func WithUploadTimeout(d time.Duration) Option { return func(o *options) { o.uploadTimeout = d } }

// playerBuffer holds the frames of one player that have not been persisted.
type playerBuffer struct {
	player   string
	seq      uint32
	lastTick uint64
	started  bool
	frames   []Frame
}

// Recorder buffers frames per player and flushes them as chunks. It is safe
// for concurrent use.
type Recorder struct {
	match string
	store ChunkStore
	opts  options

	mu      sync.Mutex
	players map[string]*playerBuffer
	stats   Stats
	closed  bool
}

// NewRecorder returns a Recorder for the given match.
func NewRecorder(match string, store ChunkStore, opts ...Option) (*Recorder, error) {
	if match == "" {
		return nil, errors.New("replay: empty match id")
	}
	if store == nil {
		return nil, errors.New("replay: nil chunk store")
	}
	o := options{chunkFrames: 256, level: gzip.BestSpeed, maxPlayers: 64}
	for _, opt := range opts {
		opt(&o)
	}
	if o.chunkFrames <= 0 {
		return nil, fmt.Errorf("replay: invalid chunk size %d", o.chunkFrames)
	}
	if o.level < gzip.HuffmanOnly || o.level > gzip.BestCompression {
		return nil, fmt.Errorf("replay: invalid compression level %d", o.level)
	}
	return &Recorder{
		match:   match,
		store:   store,
		opts:    o,
		players: make(map[string]*playerBuffer),
	}, nil
}

// Record appends f to its player's buffer. When the buffer reaches the chunk
// size it is flushed synchronously; if that flush fails the frames stay
// buffered and are retried on the next flush.
func (r *Recorder) Record(ctx context.Context, f Frame) error {
	if len(f.Input) > maxInputSize {
		return fmt.Errorf("replay: input of %d bytes exceeds limit", len(f.Input))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	buf, ok := r.players[f.Player]
	if !ok {
		if len(r.players) >= r.opts.maxPlayers {
			return fmt.Errorf("%w: limit is %d", ErrTooManyPlayers, r.opts.maxPlayers)
		}
		buf = &playerBuffer{player: f.Player}
		r.players[f.Player] = buf
	}
	if buf.started && f.Tick <= buf.lastTick {
		return fmt.Errorf("%w: player %q tick %d after %d", ErrOutOfOrder, f.Player, f.Tick, buf.lastTick)
	}
	input := make([]byte, len(f.Input))
	copy(input, f.Input)
	buf.frames = append(buf.frames, Frame{Tick: f.Tick, Player: f.Player, Input: input})
	buf.lastTick, buf.started = f.Tick, true
	if len(buf.frames) < r.opts.chunkFrames {
		return nil
	}
	return r.flushLocked(ctx, buf)
}

// Flush writes out every non-empty player buffer. It attempts all players
// and returns the first error encountered.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.flushAllLocked(ctx)
}

// Close flushes any remaining frames and rejects further recording.
func (r *Recorder) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	return r.flushAllLocked(ctx)
}

// Stats returns a snapshot of the recorder's counters.
func (r *Recorder) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

func (r *Recorder) flushAllLocked(ctx context.Context) error {
	names := make([]string, 0, len(r.players))
	for name := range r.players {
		names = append(names, name)
	}
	sort.Strings(names)
	var first error
	for _, name := range names {
		if err := r.flushLocked(ctx, r.players[name]); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (r *Recorder) flushLocked(ctx context.Context, buf *playerBuffer) error {
	if len(buf.frames) == 0 {
		return nil
	}
	c := chunk{match: r.match, player: buf.player, seq: buf.seq, frames: buf.frames}
	if r.opts.uploadTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.opts.uploadTimeout)
		defer cancel()
	}
	if err := r.upload(ctx, c); err != nil {
		r.stats.FailedFlushes++
		return fmt.Errorf("replay: flush %s: %w", c.key(), err)
	}
	r.stats.Chunks++
	r.stats.Frames += len(c.frames)
	buf.seq++
	buf.frames = nil
	return nil
}

// upload streams the encoded chunk to the store without materialising the
// compressed body in memory.
func (r *Recorder) upload(ctx context.Context, c chunk) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		pw.CloseWithError(c.encode(pw, r.opts.level))
	}()
	if err := r.store.PutChunk(ctx, c.key(), pr); err != nil {
		return fmt.Errorf("put chunk: %w", err)
	}
	return nil
}
