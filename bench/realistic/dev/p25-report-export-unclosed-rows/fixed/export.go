// Package export streams the rows of a paged report into CSV while later pages
// are still being fetched.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Row is one line of the report.
type Row []string

// Source serves a report page by page; more is false on the last page.
type Source interface {
	Columns() []string
	Page(ctx context.Context, n int) (rows []Row, more bool, err error)
}

// Options tune an Exporter.
type Options struct {
	// Buffer is how many fetched rows may wait for the writer.
	Buffer int
	// MaxPages stops runaway reports; 0 means no limit.
	MaxPages int
}

// Exporter copies a Source to CSV.
type Exporter struct {
	src  Source
	opts Options
}

// ErrTooManyPages is returned when a report exceeds Options.MaxPages.
var ErrTooManyPages = errors.New("export: too many pages")

// New returns an exporter for src.
func New(src Source, opts Options) *Exporter {
	if opts.Buffer <= 0 {
		opts.Buffer = 64
	}
	return &Exporter{src: src, opts: opts}
}

// WriteTo fetches every page of the report and writes it to w as CSV.
func (e *Exporter) WriteTo(ctx context.Context, w io.Writer) (int, error) {
	rows := make(chan Row, e.opts.Buffer)
	result := make(chan writeResult, 1)
	go func() {
		n, err := writeCSV(w, e.src.Columns(), rows)
		result <- writeResult{n, err}
	}()

	for page := 1; ; page++ {
		if e.opts.MaxPages > 0 && page > e.opts.MaxPages {
			close(rows)
			<-result
			return 0, ErrTooManyPages
		}
		batch, more, err := e.src.Page(ctx, page)
		if err != nil {
			close(rows)
			<-result
			return 0, fmt.Errorf("export: fetch page %d: %w", page, err)
		}
		for _, r := range batch {
			rows <- r
		}
		if !more {
			break
		}
	}
	close(rows)
	r := <-result
	return r.rows, r.err
}
