// Package cdc tails a binlog-like change stream, groups row events into
// committed transactions and fans each transaction out to a set of sinks,
// each with its own bounded queue and shipper.
package cdc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrProtocol is returned when the stream violates transaction framing.
var ErrProtocol = errors.New("cdc: binlog protocol violation")

// Config tunes a Tailer. The zero value is usable.
type Config struct {
	// QueueSize is the number of transactions buffered per sink. Default 64.
	QueueSize int
	// MaxRetries is the number of retries for a failed Ship. Default 3.
	MaxRetries int
	// RetryBackoff is the delay before the first retry. Default 200ms.
	RetryBackoff time.Duration
	// MaxTxnChanges bounds the size of a single transaction. Default 100000.
	MaxTxnChanges int
	// Tables, if non-empty, restricts shipping to the listed tables.
	Tables []string
	// OnShipError is called when a transaction could not be shipped after
	// all retries. By default the failure is logged.
	OnShipError func(sink string, txn Txn, err error)
}

// Tailer reads a Stream and ships committed transactions to sinks.
type Tailer struct {
	stream Stream
	cfg    Config
	tables map[string]bool

	ctx    context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	sinks     map[string]*sinkQueue
	committed Position
}

// New returns a Tailer reading from stream.
func New(stream Stream, cfg Config) *Tailer {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 64
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 3
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 200 * time.Millisecond
	}
	if cfg.MaxTxnChanges <= 0 {
		cfg.MaxTxnChanges = 100000
	}
	if cfg.OnShipError == nil {
		cfg.OnShipError = func(sink string, txn Txn, err error) {
			log.Printf("cdc: dropping txn %d for sink %s: %v", txn.ID, sink, err)
		}
	}
	var tables map[string]bool
	if len(cfg.Tables) > 0 {
		tables = make(map[string]bool, len(cfg.Tables))
		for _, tbl := range cfg.Tables {
			tables[tbl] = true
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Tailer{
		stream: stream,
		cfg:    cfg,
		tables: tables,
		ctx:    ctx,
		cancel: cancel,
		sinks:  make(map[string]*sinkQueue),
	}
}

// AddSink registers s under name. Registering a name that is already in use
// replaces the previous sink, for example after its configuration changed;
// transactions already queued for the old sink are still delivered to it.
func (t *Tailer) AddSink(name string, s Sink) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sinks[name] = t.startQueue(name, s)
}

// RemoveSink unregisters a sink and waits for its queue to drain.
func (t *Tailer) RemoveSink(name string) {
	t.mu.Lock()
	q, ok := t.sinks[name]
	if ok {
		delete(t.sinks, name)
		close(q.ch)
	}
	t.mu.Unlock()
	if ok {
		<-q.done
	}
}

// Sinks returns the names of the registered sinks.
func (t *Tailer) Sinks() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	names := make([]string, 0, len(t.sinks))
	for name := range t.sinks {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Position returns the position of the last transaction handed to sinks.
func (t *Tailer) Position() Position {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.committed
}

// Run tails the stream until it ends, ctx is cancelled or a protocol error
// occurs. A clean end of stream returns nil. Sinks keep running after Run
// returns; call Close to drain them.
func (t *Tailer) Run(ctx context.Context) error {
	var open *Txn
	for {
		ev, err := t.stream.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cdc: read after %v: %w", t.Position(), err)
		}
		switch ev.Kind {
		case KindBegin:
			if open != nil {
				return fmt.Errorf("%w: begin of txn %d at %v inside txn %d", ErrProtocol, ev.TxnID, ev.Pos, open.ID)
			}
			open = &Txn{ID: ev.TxnID, Begin: ev.Pos}
		case KindRow:
			if open == nil || ev.TxnID != open.ID {
				return fmt.Errorf("%w: row event at %v outside its transaction", ErrProtocol, ev.Pos)
			}
			if t.tables != nil && !t.tables[ev.Table] {
				continue
			}
			if len(open.Changes) >= t.cfg.MaxTxnChanges {
				return fmt.Errorf("cdc: txn %d exceeds %d changes", open.ID, t.cfg.MaxTxnChanges)
			}
			open.Changes = append(open.Changes, Change{Table: ev.Table, Op: ev.Op, Before: ev.Before, After: ev.After})
		case KindCommit:
			if open == nil || ev.TxnID != open.ID {
				return fmt.Errorf("%w: commit at %v without begin", ErrProtocol, ev.Pos)
			}
			open.Commit, open.CommitTime = ev.Pos, ev.Time
			if err := t.publish(ctx, *open); err != nil {
				return err
			}
			open = nil
		case KindRollback:
			open = nil
		}
	}
}

// publish enqueues txn on every sink and advances the committed position.
// Empty transactions only advance the position.
func (t *Tailer) publish(ctx context.Context, txn Txn) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(txn.Changes) > 0 {
		for _, q := range t.sinks {
			select {
			case q.ch <- txn:
			case <-ctx.Done():
				return fmt.Errorf("cdc: enqueue txn %d for %s: %w", txn.ID, q.name, ctx.Err())
			}
		}
	}
	t.committed = txn.Commit
	return nil
}

// Close closes every sink queue, waits for the shippers to drain them and
// releases the Tailer. It must not be called concurrently with Run.
func (t *Tailer) Close() error {
	t.mu.Lock()
	queues := t.sinks
	t.sinks = make(map[string]*sinkQueue)
	for _, q := range queues {
		close(q.ch)
	}
	t.mu.Unlock()
	for _, q := range queues {
		<-q.done
	}
	t.cancel()
	return nil
}
