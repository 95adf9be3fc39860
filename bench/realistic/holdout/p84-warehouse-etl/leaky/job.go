// Package etl copies inventory records from a paginated HTTP API into the
// data warehouse.
//
// A Job runs three stages connected by channels: one extractor walks the
// API's pages, a pool of workers transforms records into warehouse rows, and
// the loader groups rows into batches that are uploaded as gzip-compressed
// NDJSON. The first error from any stage cancels the others.
package etl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrSkip may be returned by a TransformFunc to drop a record without failing
// the job.
var ErrSkip = errors.New("etl: skip record")

// Record is one raw item as returned by the source API.
type Record = json.RawMessage

// Row is a transformed record ready for the warehouse.
type Row struct {
	Key    string                 `json:"_key"`
	Fields map[string]interface{} `json:"fields"`
}

// TransformFunc converts a source record into a warehouse row.
type TransformFunc func(ctx context.Context, rec Record) (Row, error)

// Clock abstracts waiting so that retry delays can be skipped in tests.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config describes a Job. Source, Warehouse, Table and Transform are required.
type Config struct {
	Source    Source
	Warehouse Warehouse
	Table     string
	Transform TransformFunc

	Workers     int           // transform parallelism, default 4
	BatchSize   int           // rows per upload, default 500
	MaxAttempts int           // per page fetch and per batch upload, default 3
	RetryDelay  time.Duration // base delay between attempts, default 1s
	Clock       Clock
}

// Stats summarises a run.
type Stats struct {
	Pages   int64
	Records int64
	Skipped int64
	Rows    int64
	Batches int64
}

// Job is a configured extract-transform-load run.
type Job struct {
	cfg Config
}

// NewJob validates cfg and fills in defaults.
func NewJob(cfg Config) (*Job, error) {
	switch {
	case cfg.Source == nil:
		return nil, errors.New("etl: Config.Source is required")
	case cfg.Warehouse == nil:
		return nil, errors.New("etl: Config.Warehouse is required")
	case cfg.Table == "":
		return nil, errors.New("etl: Config.Table is required")
	case cfg.Transform == nil:
		return nil, errors.New("etl: Config.Transform is required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	return &Job{cfg: cfg}, nil
}

// firstError keeps the first error reported by any stage and cancels the run.
type firstError struct {
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

func (f *firstError) set(err error) {
	f.once.Do(func() {
		f.err = err
		f.cancel()
	})
}

// Run executes the job. It returns once every stage has stopped.
func (j *Job) Run(ctx context.Context) (Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fail := &firstError{cancel: cancel}

	var st Stats
	pages := make(chan []Record)
	rows := make(chan Row, j.cfg.Workers*2)

	extractDone := make(chan struct{})
	go func() {
		defer close(extractDone)
		defer close(pages)
		if err := j.extract(ctx, pages, &st); err != nil {
			fail.set(err)
		}
	}()

	var workers sync.WaitGroup
	for i := 0; i < j.cfg.Workers; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := j.transform(ctx, pages, rows, &st); err != nil {
				fail.set(err)
			}
		}()
	}
	go func() {
		workers.Wait()
		close(rows)
	}()

	if err := j.load(ctx, rows, &st); err != nil {
		fail.set(err)
	}
	// Let the upstream stages observe cancellation and finish.
	for range rows {
	}
	<-extractDone

	if fail.err != nil {
		return st, fail.err
	}
	return st, ctx.Err()
}

// transform converts records from pages into rows until pages is closed.
func (j *Job) transform(ctx context.Context, pages <-chan []Record, rows chan<- Row, st *Stats) error {
	for page := range pages {
		for _, rec := range page {
			atomic.AddInt64(&st.Records, 1)
			row, err := j.cfg.Transform(ctx, rec)
			if errors.Is(err, ErrSkip) {
				atomic.AddInt64(&st.Skipped, 1)
				continue
			}
			if err != nil {
				return fmt.Errorf("transform record: %w", err)
			}
			select {
			case rows <- row:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, c Clock, d time.Duration) error {
	select {
	case <-c.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
