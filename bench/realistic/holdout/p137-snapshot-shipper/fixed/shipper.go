package snapship

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Config tunes a Manager. Zero values select the defaults.
type Config struct {
	// ChunkSize is the maximum payload of a single InstallSnapshot call.
	// Defaults to 1 MiB.
	ChunkSize int
	// MaxAttempts bounds how often a chunk is sent before the transfer is
	// abandoned. Only errors that report Temporary() are retried.
	// Defaults to 5.
	MaxAttempts int
	// RetryBackoff is the delay before the first retry; it doubles on each
	// further attempt. Defaults to 50ms.
	RetryBackoff time.Duration
	// Clock is used for retry timers. Defaults to the wall clock.
	Clock Clock
	// OnProgress, if set, is called after every acknowledged chunk.
	OnProgress func(follower string, index, sent uint64)
}

func (c *Config) setDefaults() {
	if c.ChunkSize <= 0 {
		c.ChunkSize = 1 << 20
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 50 * time.Millisecond
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
}

// Result describes a completed transfer.
type Result struct {
	Index  uint64
	Term   uint64
	Bytes  uint64
	Chunks int
}

// Manager ships snapshots to followers. At most one transfer per follower
// runs at a time; transfers to different followers proceed concurrently.
type Manager struct {
	fsm StateMachine
	tr  Transport
	cfg Config

	mu     sync.Mutex
	active map[string]struct{}
}

// New returns a Manager that snapshots fsm and sends the result over tr.
func New(fsm StateMachine, tr Transport, cfg Config) (*Manager, error) {
	if fsm == nil || tr == nil {
		return nil, errors.New("snapship: state machine and transport are required")
	}
	cfg.setDefaults()
	return &Manager{fsm: fsm, tr: tr, cfg: cfg, active: make(map[string]struct{})}, nil
}

// Ship takes a fresh snapshot and streams it to follower. It returns once the
// follower has acknowledged the final chunk, or with the first error that
// could not be retried.
func (m *Manager) Ship(ctx context.Context, follower string) (Result, error) {
	if err := m.acquire(follower); err != nil {
		return Result{}, err
	}
	defer m.release(follower)

	snap, err := m.fsm.Snapshot(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("snapship: take snapshot for %s: %w", follower, err)
	}
	res := Result{Index: snap.Index(), Term: snap.Term()}

	// Encode in the background so that memory use is bounded by the chunk
	// size rather than by the size of the state machine.
	pr, pw := io.Pipe()
	defer pr.Close() // unblocks the encoder if the transfer stops early
	go func() {
		defer snap.Release()
		pw.CloseWithError(encode(pw, snap, res.Index, res.Term))
	}()

	if err := m.stream(ctx, follower, pr, &res); err != nil {
		return res, fmt.Errorf("snapship: ship snapshot %d to %s: %w", res.Index, follower, err)
	}
	return res, nil
}

func (m *Manager) acquire(follower string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.active[follower]; ok {
		return fmt.Errorf("%w: %s", ErrBusy, follower)
	}
	m.active[follower] = struct{}{}
	return nil
}

func (m *Manager) release(follower string) {
	m.mu.Lock()
	delete(m.active, follower)
	m.mu.Unlock()
}

// stream cuts r into chunks and sends them in order.
func (m *Manager) stream(ctx context.Context, follower string, r io.Reader, res *Result) error {
	buf := make([]byte, m.cfg.ChunkSize)
	for {
		n, err := io.ReadFull(r, buf)
		last := false
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			last = true
		case err != nil:
			return fmt.Errorf("read encoded snapshot: %w", err)
		}

		c := Chunk{
			Index:  res.Index,
			Term:   res.Term,
			Offset: res.Bytes,
			Data:   append([]byte(nil), buf[:n]...),
			Done:   last,
		}
		if err := m.send(ctx, follower, c); err != nil {
			return err
		}
		res.Bytes += uint64(n)
		res.Chunks++
		if m.cfg.OnProgress != nil {
			m.cfg.OnProgress(follower, res.Index, res.Bytes)
		}
		if last {
			return nil
		}
	}
}

// send delivers one chunk, retrying temporary failures with exponential
// backoff.
func (m *Manager) send(ctx context.Context, follower string, c Chunk) error {
	backoff := m.cfg.RetryBackoff
	for attempt := 1; ; attempt++ {
		err := m.tr.InstallSnapshot(ctx, follower, c)
		if err == nil {
			return nil
		}
		if !temporary(err) || attempt >= m.cfg.MaxAttempts {
			return fmt.Errorf("chunk at offset %d (attempt %d): %w", c.Offset, attempt, err)
		}
		select {
		case <-m.cfg.Clock.After(backoff):
		case <-ctx.Done():
			return fmt.Errorf("chunk at offset %d: %w", c.Offset, ctx.Err())
		}
		backoff *= 2
	}
}
