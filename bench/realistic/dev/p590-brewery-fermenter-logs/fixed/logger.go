package fermlog

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Option configures a Logger.
type Option func(*Logger)

// WithBatchSize sets how many readings per vessel are buffered before a
// batch is handed to the writers.
func WithBatchSize(n int) Option { return func(l *Logger) { l.batchSize = n } }

// WithWriters sets the number of concurrent store writers.
func WithWriters(n int) Option { return func(l *Logger) { l.writers = n } }

// WithWriteTimeout bounds each store write.
func WithWriteTimeout(d time.Duration) Option { return func(l *Logger) { l.writeTimeout = d } }

// WithLogger sets the diagnostic logger.
func WithLogger(lg *log.Logger) Option { return func(l *Logger) { l.log = lg } }

// Logger buffers readings per vessel and writes them in batches.
type Logger struct {
	store        Store
	batchSize    int
	writers      int
	writeTimeout time.Duration
	log          *log.Logger

	mu       sync.Mutex
	closed   bool
	sessions map[string]Session
	pending  map[string][]Reading
	last     map[string]Summary

	batches chan Batch
	wg      sync.WaitGroup

	errMu     sync.Mutex
	writeErrs int
	lastErr   error
}

// New starts a Logger with its writer pool.
func New(store Store, opts ...Option) *Logger {
	l := &Logger{
		store:        store,
		batchSize:    30,
		writers:      2,
		writeTimeout: 5 * time.Second,
		log:          log.New(io.Discard, "", 0),
		sessions:     make(map[string]Session),
		pending:      make(map[string][]Reading),
		last:         make(map[string]Summary),
	}
	for _, o := range opts {
		o(l)
	}
	if l.batchSize < 1 {
		l.batchSize = 1
	}
	if l.writers < 1 {
		l.writers = 1
	}
	l.batches = make(chan Batch, l.writers*2)
	for i := 0; i < l.writers; i++ {
		l.wg.Add(1)
		go l.writer(i)
	}
	return l
}

func (l *Logger) writer(id int) {
	defer l.wg.Done()
	for b := range l.batches {
		ctx, cancel := context.WithTimeout(context.Background(), l.writeTimeout)
		err := l.store.WriteBatch(ctx, b)
		cancel()
		if err != nil {
			l.errMu.Lock()
			l.writeErrs++
			l.lastErr = err
			l.errMu.Unlock()
			l.log.Printf("writer %d: %s batch of %d dropped: %v", id, b.Vessel, len(b.Readings), err)
		}
	}
}

// StartSession registers a brew in a vessel. Readings for vessels without a
// session are rejected.
func (l *Logger) StartSession(s Session) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if _, busy := l.sessions[s.Vessel]; busy {
		return fmt.Errorf("fermlog: vessel %s already has brew %s", s.Vessel, l.sessions[s.Vessel].BrewID)
	}
	l.sessions[s.Vessel] = s
	return nil
}

// Record buffers a reading, dispatching a batch when the vessel's buffer is
// full. It blocks if all writers are busy and the queue is full.
func (l *Logger) Record(r Reading) error {
	if err := r.validate(); err != nil {
		return err
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	s, ok := l.sessions[r.Vessel]
	if !ok {
		l.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownVessel, r.Vessel)
	}
	buf := append(l.pending[r.Vessel], r)
	if len(buf) < l.batchSize {
		l.pending[r.Vessel] = buf
		l.mu.Unlock()
		return nil
	}
	delete(l.pending, r.Vessel)
	b := Batch{Vessel: r.Vessel, Readings: buf, Summary: summarize(s, buf)}
	l.last[r.Vessel] = b.Summary
	l.mu.Unlock()

	l.batches <- b
	return nil
}

// Close flushes buffered readings, ends every open session and stops the
// writers. It returns the first error encountered while ending sessions.
func (l *Logger) Close(ctx context.Context) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	l.closed = true
	vessels := make([]string, 0, len(l.sessions))
	for v := range l.sessions {
		vessels = append(vessels, v)
	}
	sort.Strings(vessels)
	var flush []Batch
	for _, v := range vessels {
		if buf := l.pending[v]; len(buf) > 0 {
			b := Batch{Vessel: v, Readings: buf, Summary: summarize(l.sessions[v], buf)}
			l.last[v] = b.Summary
			flush = append(flush, b)
		}
	}
	l.pending = make(map[string][]Reading)
	l.mu.Unlock()

	for _, b := range flush {
		select {
		case l.batches <- b:
		case <-ctx.Done():
			l.log.Printf("close: dropping %s batch of %d: %v", b.Vessel, len(b.Readings), ctx.Err())
		}
	}

	close(l.batches)
	l.wg.Wait()

	for _, v := range vessels {
		if err := l.store.EndSession(ctx, l.sessions[v], l.last[v]); err != nil {
			return fmt.Errorf("fermlog: ending session for %s: %w", v, err)
		}
		l.log.Printf("session %s/%s ended", v, l.sessions[v].BrewID)
	}
	return nil
}

// Stats reports write failures seen so far.
func (l *Logger) Stats() (failed int, last error) {
	l.errMu.Lock()
	defer l.errMu.Unlock()
	return l.writeErrs, l.lastErr
}
