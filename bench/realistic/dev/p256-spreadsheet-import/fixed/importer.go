// Package sheetimport imports uploaded spreadsheets: it validates rows in
// parallel against a schema, reports every cell error with its line number
// and stores the rows only when the whole sheet is valid.
package sheetimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
)

// ErrTooManyErrors is returned when validation stops after MaxErrors errors.
var ErrTooManyErrors = errors.New("sheetimport: too many invalid rows")

// Source yields the rows of an uploaded sheet.
type Source interface {
	// Header returns the first row of the sheet.
	Header() ([]string, error)
	// Next returns the next data row, or io.EOF after the last one.
	Next() (Row, error)
}

// Store persists validated records.
type Store interface {
	InsertBatch(ctx context.Context, recs []Record) error
}

// Config tunes an Importer.
type Config struct {
	// Workers is the number of rows validated concurrently. Defaults to 4.
	Workers int
	// MaxErrors stops validation once this many cell errors were found,
	// so that a wrong file does not produce thousands of messages. Zero
	// means no limit.
	MaxErrors int
	// BatchSize is the number of records per InsertBatch call. Defaults to 500.
	BatchSize int
}

// Importer validates and stores sheets for one schema.
type Importer struct {
	schema Schema
	store  Store
	cfg    Config
}

// New returns an Importer.
func New(schema Schema, store Store, cfg Config) *Importer {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	return &Importer{schema: schema, store: store, cfg: cfg}
}

type rowResult struct {
	line int
	rec  Record
	errs []*CellError
}

// Import validates every row of src. If any row is invalid nothing is
// stored and the returned Report lists the errors. The error is non-nil only
// if the import could not be carried out at all, or was aborted.
func (im *Importer) Import(ctx context.Context, src Source) (*Report, error) {
	header, err := src.Header()
	if err != nil {
		return nil, fmt.Errorf("sheetimport: read header: %w", err)
	}
	b, err := im.schema.bind(header)
	if err != nil {
		return nil, fmt.Errorf("sheetimport: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	rows := make(chan Row)
	results := make(chan rowResult)
	readErr := make(chan error, 1)
	go feed(ctx, src, rows, readErr)

	var wg sync.WaitGroup
	for i := 0; i < im.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			im.validateRows(ctx, b, rows, results)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	rep, recs, err := im.collect(results)
	if err != nil {
		return rep, err
	}
	select {
	case err := <-readErr:
		return rep, fmt.Errorf("sheetimport: read rows: %w", err)
	default:
	}
	if len(rep.Errors) > 0 {
		return rep, nil
	}
	for start := 0; start < len(recs); start += im.cfg.BatchSize {
		end := start + im.cfg.BatchSize
		if end > len(recs) {
			end = len(recs)
		}
		if err := im.store.InsertBatch(ctx, recs[start:end]); err != nil {
			return rep, fmt.Errorf("sheetimport: insert records %d-%d: %w", start+1, end, err)
		}
		rep.Imported = end
	}
	return rep, nil
}

// feed reads rows from src until EOF, a read error or cancellation.
func feed(ctx context.Context, src Source, rows chan<- Row, readErr chan<- error) {
	defer close(rows)
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			readErr <- err
			return
		}
		select {
		case rows <- row:
		case <-ctx.Done():
			return
		}
	}
}

// validateRows is the body of one validation worker.
func (im *Importer) validateRows(ctx context.Context, b *binding, rows <-chan Row, out chan<- rowResult) {
	for row := range rows {
		rec, errs := b.validate(ctx, row)
		select {
		case out <- rowResult{line: row.Line, rec: rec, errs: errs}:
		case <-ctx.Done():
			return
		}
	}
}

// collect gathers worker results into a Report and the valid records in line
// order. It returns ErrTooManyErrors as soon as MaxErrors is reached.
func (im *Importer) collect(results <-chan rowResult) (*Report, []Record, error) {
	rep := &Report{}
	var valid []rowResult
	for res := range results {
		rep.Rows++
		if len(res.errs) == 0 {
			valid = append(valid, res)
			continue
		}
		rep.Errors = append(rep.Errors, res.errs...)
		if im.cfg.MaxErrors > 0 && len(rep.Errors) >= im.cfg.MaxErrors {
			rep.Aborted = true
			rep.sortErrors()
			return rep, nil, fmt.Errorf("%w: stopped after %d errors", ErrTooManyErrors, len(rep.Errors))
		}
	}
	rep.sortErrors()
	sort.Slice(valid, func(i, j int) bool { return valid[i].line < valid[j].line })
	recs := make([]Record, len(valid))
	for i, v := range valid {
		recs[i] = v.rec
	}
	return rep, recs, nil
}
