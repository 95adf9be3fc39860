// Package auditship ships audit records from the local journal to the
// central audit collector. Records are read in order, grouped into batches,
// signed into a tamper-evident chain and uploaded with retries; the journal
// cursor only advances once the collector has accepted a batch.
package auditship

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Journal is a local append-only audit journal.
type Journal interface {
	// Next returns the next unread entry, blocking until one is written
	// or ctx is done.
	Next(ctx context.Context) (Entry, error)
	// Commit durably records that entries up to and including seq have
	// been shipped.
	Commit(seq uint64) error
}

// Uploader sends a signed batch to the collector.
type Uploader interface {
	Upload(ctx context.Context, b *Batch) error
}

// Clock abstracts time for batching and backoff.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Shipper.
type Config struct {
	Journal  Journal
	Uploader Uploader
	Signer   *Signer

	// BatchSize is the maximum number of entries per batch (default 500).
	BatchSize int
	// FlushInterval bounds how long a partial batch waits (default 5s).
	FlushInterval time.Duration
	// MaxAttempts bounds upload attempts per batch (default 8).
	MaxAttempts int
	// BaseBackoff is the delay after the first failed attempt; it doubles
	// up to MaxBackoff (defaults 500ms and 30s).
	BaseBackoff time.Duration
	MaxBackoff  time.Duration

	Clock  Clock
	Logger *log.Logger
}

// Shipper moves entries from a Journal to an Uploader.
type Shipper struct {
	cfg Config
}

// New returns a Shipper for cfg, filling in defaults.
func New(cfg Config) (*Shipper, error) {
	if cfg.Journal == nil || cfg.Uploader == nil || cfg.Signer == nil {
		return nil, errors.New("auditship: journal, uploader and signer are required")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 5 * time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.BaseBackoff <= 0 {
		cfg.BaseBackoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Shipper{cfg: cfg}, nil
}

// Run ships entries until ctx is done or a batch cannot be delivered. It
// returns ctx.Err() on cancellation, otherwise the delivery error.
func (s *Shipper) Run(ctx context.Context) error {
	entries := make(chan Entry, s.cfg.BatchSize)
	tailErr := make(chan error, 1)
	go s.tail(ctx, entries, tailErr)

	batch := make([]Entry, 0, s.cfg.BatchSize)
	var flush <-chan time.Time
	for {
		select {
		case e := <-entries:
			if len(batch) == 0 {
				flush = s.cfg.Clock.After(s.cfg.FlushInterval)
			}
			batch = append(batch, e)
			if len(batch) < s.cfg.BatchSize {
				continue
			}
		case <-flush:
		case err := <-tailErr:
			if len(batch) > 0 {
				if serr := s.ship(ctx, batch); serr != nil {
					return serr
				}
			}
			return fmt.Errorf("read journal: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		}

		if err := s.ship(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		flush = nil
	}
}

// tail reads the journal in order and feeds entries to the batcher.
func (s *Shipper) tail(ctx context.Context, out chan<- Entry, errc chan<- error) {
	for {
		e, err := s.cfg.Journal.Next(ctx)
		if err != nil {
			if ctx.Err() == nil {
				errc <- err
			}
			return
		}
		select { // leak: Run returned on upload failure, parent ctx still live
		case out <- e:
		case <-ctx.Done():
			return
		}
	}
}

// ship signs and uploads one batch, retrying transient failures with
// exponential backoff, then commits the journal cursor.
func (s *Shipper) ship(ctx context.Context, entries []Entry) error {
	b, err := s.cfg.Signer.Sign(entries)
	if err != nil {
		return fmt.Errorf("sign batch %d-%d: %w", entries[0].Seq, entries[len(entries)-1].Seq, err)
	}
	delay := s.cfg.BaseBackoff
	for attempt := 1; ; attempt++ {
		err := s.cfg.Uploader.Upload(ctx, b)
		if err == nil {
			break
		}
		if !retryable(err) || attempt >= s.cfg.MaxAttempts {
			return fmt.Errorf("upload batch %d-%d after %d attempts: %w", b.FirstSeq, b.LastSeq, attempt, err)
		}
		s.cfg.Logger.Printf("upload batch %d-%d: attempt %d: %v; retrying in %s", b.FirstSeq, b.LastSeq, attempt, err, delay)
		select {
		case <-s.cfg.Clock.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
		delay *= 2
		if delay > s.cfg.MaxBackoff {
			delay = s.cfg.MaxBackoff
		}
	}
	if err := s.cfg.Journal.Commit(b.LastSeq); err != nil {
		return fmt.Errorf("commit journal at %d: %w", b.LastSeq, err)
	}
	s.cfg.Signer.Commit(b)
	return nil
}
