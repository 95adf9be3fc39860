package etl

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync/atomic"
)

// Warehouse accepts batches of rows. Upload reads body, a gzip-compressed
// stream of newline-delimited JSON rows, and appends them to table.
type Warehouse interface {
	Upload(ctx context.Context, table string, body io.Reader) error
}

// load groups rows into batches and uploads each batch.
func (j *Job) load(ctx context.Context, rows <-chan Row, st *Stats) error {
	batch := make([]Row, 0, j.cfg.BatchSize)
	for {
		select {
		case row, ok := <-rows:
			if !ok {
				if len(batch) == 0 {
					return nil
				}
				return j.flush(ctx, batch, st)
			}
			batch = append(batch, row)
			if len(batch) < j.cfg.BatchSize {
				continue
			}
			if err := j.flush(ctx, batch, st); err != nil {
				return err
			}
			batch = make([]Row, 0, j.cfg.BatchSize)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// flush uploads one batch, retrying temporary warehouse errors.
func (j *Job) flush(ctx context.Context, batch []Row, st *Stats) error {
	var err error
	for attempt := 1; attempt <= j.cfg.MaxAttempts; attempt++ {
		if err = j.upload(ctx, batch); err == nil {
			atomic.AddInt64(&st.Batches, 1)
			atomic.AddInt64(&st.Rows, int64(len(batch)))
			return nil
		}
		if !isTemporary(err) || attempt == j.cfg.MaxAttempts {
			break
		}
		if serr := sleep(ctx, j.cfg.Clock, j.cfg.RetryDelay*(1<<(attempt-1))); serr != nil {
			return serr
		}
	}
	return fmt.Errorf("load batch of %d rows into %s: %w", len(batch), j.cfg.Table, err)
}

// upload streams batch to the warehouse. Rows are encoded and compressed on
// the fly so the batch is never held in memory twice.
func (j *Job) upload(ctx context.Context, batch []Row) error {
	pr, pw := io.Pipe()
	go func() {
		zw := gzip.NewWriter(pw)
		enc := json.NewEncoder(zw)
		for _, row := range batch {
			if err := enc.Encode(row); err != nil {
				pw.CloseWithError(fmt.Errorf("encode row %s: %w", row.Key, err))
				return
			}
		}
		pw.CloseWithError(zw.Close())
	}()
	err := j.cfg.Warehouse.Upload(ctx, j.cfg.Table, pr)
	// Unblock the encoder if the warehouse returned without reading the
	// whole body.
	pr.Close()
	return err
}
