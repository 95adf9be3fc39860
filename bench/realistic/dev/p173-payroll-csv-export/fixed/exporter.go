// Package payroll exports a pay run as a set of CSV shards written to an
// object store, so that downstream ledger imports can load them in parallel.
package payroll

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrExists is returned by a Sink when an object with the same name is
// already stored. Shards are immutable once written.
var ErrExists = errors.New("object already exists")

// Sink stores a named object whose content is read from r.
type Sink interface {
	Put(ctx context.Context, name string, r io.Reader) error
}

// PayLine is one employee's result for a pay run. Amounts are in cents.
type PayLine struct {
	EmployeeID string
	Name       string
	Gross      int64
	Tax        int64
	Deductions int64
}

// Net is what the employee is paid.
func (p PayLine) Net() int64 { return p.Gross - p.Tax - p.Deductions }

// Option configures an Exporter.
type Option func(*Exporter)

// WithShardSize sets how many pay lines go into each shard.
func WithShardSize(n int) Option {
	return func(e *Exporter) {
		if n > 0 {
			e.shardSize = n
		}
	}
}

// WithClock overrides the clock used to stamp shards.
func WithClock(now func() time.Time) Option {
	return func(e *Exporter) { e.now = now }
}

// Exporter splits a pay run into CSV shards and stores them in a Sink.
type Exporter struct {
	sink      Sink
	shardSize int
	now       func() time.Time
}

// NewExporter returns an Exporter writing to sink.
func NewExporter(sink Sink, opts ...Option) *Exporter {
	e := &Exporter{sink: sink, shardSize: 500, now: time.Now}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Result describes a finished export.
type Result struct {
	RunID  string
	Shards []string
	Lines  int
	Total  int64
}

// Export writes every line of the run. It stops at the first shard that
// cannot be stored and returns the shards written so far.
func (e *Exporter) Export(ctx context.Context, runID string, lines []PayLine) (Result, error) {
	res := Result{RunID: runID}
	if runID == "" {
		return res, errors.New("payroll: empty run id")
	}
	stamp := e.now().UTC().Format("20060102T150405Z")
	for i, n := 0, 1; i < len(lines); i, n = i+e.shardSize, n+1 {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("payroll: export %s: %w", runID, err)
		}
		end := i + e.shardSize
		if end > len(lines) {
			end = len(lines)
		}
		name := fmt.Sprintf("payroll/%s/shard-%04d.csv", runID, n)
		if err := e.writeShard(ctx, name, stamp, lines[i:end]); err != nil {
			return res, fmt.Errorf("payroll: export %s: %w", runID, err)
		}
		res.Shards = append(res.Shards, name)
		for _, l := range lines[i:end] {
			res.Lines++
			res.Total += l.Net()
		}
	}
	return res, nil
}
