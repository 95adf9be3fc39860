// Package auditship batches audit events and ships them to a remote object
// sink. Batches that cannot be uploaded are spooled to local disk and replayed
// later, so that no audit record is dropped while the sink is unavailable.
package auditship

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Sink receives encoded batches. Implementations typically PUT the body to an
// object store bucket or POST it to an ingestion endpoint. Upload must not
// retain body after it returns.
type Sink interface {
	Upload(ctx context.Context, object string, body io.Reader) error
}

// Clock abstracts wall-clock time for object naming.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// ErrClosed is returned by Log after Close has been called.
var ErrClosed = errors.New("auditship: shipper closed")

// Config configures a Shipper.
type Config struct {
	// Sink is the remote destination for batches. Required.
	Sink Sink
	// Spool stores batches that could not be uploaded. Optional; without a
	// spool an upload failure is returned to the caller of Flush.
	Spool Spool
	// BatchSize is the number of events that triggers a flush from Log.
	// Defaults to 500.
	BatchSize int
	// FlushInterval, if positive, flushes pending events periodically from
	// a background goroutine.
	FlushInterval time.Duration
	// Prefix is prepended to every object name. Defaults to "audit".
	Prefix string
	// Clock defaults to the system clock.
	Clock Clock
	// Logf receives operational messages. Defaults to discarding them.
	Logf func(format string, args ...any)
}

// Shipper accumulates audit events and ships them in batches.
type Shipper struct {
	cfg Config

	mu     sync.Mutex
	buf    []Event
	seq    uint64
	closed bool

	stop chan struct{}
	done chan struct{}
}

// New validates cfg and returns a ready Shipper.
func New(cfg Config) (*Shipper, error) {
	if cfg.Sink == nil {
		return nil, errors.New("auditship: config: Sink is required")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "audit"
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	s := &Shipper{
		cfg:  cfg,
		buf:  make([]Event, 0, cfg.BatchSize),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	if cfg.FlushInterval > 0 {
		go s.flushLoop(cfg.FlushInterval)
	} else {
		close(s.done)
	}
	return s, nil
}

// Log records ev. When the pending batch reaches BatchSize it is flushed
// synchronously and any flush error is returned.
func (s *Shipper) Log(ctx context.Context, ev Event) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.buf = append(s.buf, ev)
	full := len(s.buf) >= s.cfg.BatchSize
	s.mu.Unlock()

	if full {
		return s.Flush(ctx)
	}
	return nil
}

// Flush ships all pending events. If the upload fails and a spool is
// configured, the batch is spooled and Flush returns nil.
func (s *Shipper) Flush(ctx context.Context) error {
	name, batch := s.take()
	if len(batch) == 0 {
		return nil
	}
	upErr := s.ship(ctx, name, batch)
	if upErr == nil {
		return nil
	}
	if s.cfg.Spool == nil {
		return fmt.Errorf("auditship: ship %s: %w", name, upErr)
	}

	var buf bytes.Buffer
	if err := writeBatch(&buf, batch); err != nil {
		return fmt.Errorf("auditship: encode %s for spool: %w", name, err)
	}
	if err := s.cfg.Spool.Put(name, buf.Bytes()); err != nil {
		return fmt.Errorf("auditship: spool %s after upload error (%v): %w", name, upErr, err)
	}
	s.cfg.Logf("auditship: upload of %s failed, spooled %d events: %v", name, len(batch), upErr)
	return nil
}

// Replay uploads spooled batches in name order and removes each one that was
// accepted. It stops at the first upload error.
func (s *Shipper) Replay(ctx context.Context) (int, error) {
	if s.cfg.Spool == nil {
		return 0, nil
	}
	names, err := s.cfg.Spool.List()
	if err != nil {
		return 0, fmt.Errorf("auditship: list spool: %w", err)
	}
	sent := 0
	for _, name := range names {
		data, err := s.cfg.Spool.Get(name)
		if err != nil {
			return sent, fmt.Errorf("auditship: read spooled %s: %w", name, err)
		}
		if err := s.cfg.Sink.Upload(ctx, name, bytes.NewReader(data)); err != nil {
			return sent, fmt.Errorf("auditship: replay %s: %w", name, err)
		}
		if err := s.cfg.Spool.Remove(name); err != nil {
			return sent, fmt.Errorf("auditship: remove spooled %s: %w", name, err)
		}
		sent++
	}
	return sent, nil
}

// Close stops the background flusher and flushes what is left.
func (s *Shipper) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()

	close(s.stop)
	select {
	case <-s.done:
	case <-ctx.Done():
		return fmt.Errorf("auditship: close: %w", ctx.Err())
	}
	return s.Flush(ctx)
}

// ship streams batch to the sink, encoding it concurrently so that large
// batches are never held in memory twice.
func (s *Shipper) ship(ctx context.Context, name string, batch []Event) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeBatch(pw, batch))
	}()
	if err := s.cfg.Sink.Upload(ctx, name, pr); err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	return nil
}

func (s *Shipper) take() (string, []Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf) == 0 {
		return "", nil
	}
	batch := s.buf
	s.buf = make([]Event, 0, s.cfg.BatchSize)
	s.seq++
	return objectName(s.cfg.Prefix, s.cfg.Clock.Now(), s.seq), batch
}

func (s *Shipper) flushLoop(every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), every)
			if err := s.Flush(ctx); err != nil {
				s.cfg.Logf("auditship: periodic flush: %v", err)
			}
			cancel()
		}
	}
}
