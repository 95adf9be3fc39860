// Package report renders multi-page reports to PDF. Pages are rendered in
// parallel by a pluggable PageRenderer, merged into a single document and
// streamed to the client as soon as the merge begins.
package report

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrNotFound is returned when the requested report does not exist.
var ErrNotFound = errors.New("report: not found")

// PageSpec describes a single page of a report.
type PageSpec struct {
	Number   int
	Template string
	Data     map[string]string
}

// Report is a report definition as stored by a Source.
type Report struct {
	ID     string
	Title  string
	Author string
	Pages  []PageSpec
}

// Source loads report definitions.
type Source interface {
	Load(ctx context.Context, reportID string) (Report, error)
}

// PageRenderer renders one page to a PDF page object body.
type PageRenderer interface {
	RenderPage(ctx context.Context, reportID string, page PageSpec) ([]byte, error)
}

// Option configures a Renderer.
type Option func(*Renderer)

// WithParallelism sets how many pages are rendered concurrently.
func WithParallelism(n int) Option {
	return func(r *Renderer) {
		if n > 0 {
			r.parallelism = n
		}
	}
}

// WithPageTimeout bounds the time spent rendering a single page.
func WithPageTimeout(d time.Duration) Option {
	return func(r *Renderer) {
		if d > 0 {
			r.pageTimeout = d
		}
	}
}

// WithProducer sets the producer name recorded in the document trailer.
func WithProducer(name string) Option {
	return func(r *Renderer) { r.producer = name }
}

// Renderer turns report definitions into PDF documents.
type Renderer struct {
	src         Source
	pages       PageRenderer
	parallelism int
	pageTimeout time.Duration
	producer    string
}

// NewRenderer returns a Renderer reading definitions from src and rendering
// pages with pages.
func NewRenderer(src Source, pages PageRenderer, opts ...Option) *Renderer {
	r := &Renderer{
		src:         src,
		pages:       pages,
		parallelism: 4,
		pageTimeout: 30 * time.Second,
		producer:    "report-renderer",
	}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// Open loads the report and starts rendering it. The returned Document
// yields the merged PDF as it is produced; callers must Close it.
func (r *Renderer) Open(ctx context.Context, reportID string) (*Document, error) {
	rep, err := r.src.Load(ctx, reportID)
	if err != nil {
		return nil, fmt.Errorf("load report %q: %w", reportID, err)
	}
	if len(rep.Pages) == 0 {
		return nil, fmt.Errorf("report %q has no pages", reportID)
	}
	doc := newDocument(rep)
	go r.produce(ctx, rep, doc)
	return doc, nil
}

// produce renders every page, then writes the merged document into doc.
func (r *Renderer) produce(ctx context.Context, rep Report, doc *Document) {
	bodies, err := r.renderAll(ctx, rep)
	if err != nil {
		doc.pw.CloseWithError(err)
		return
	}
	w := newPDFWriter(doc.pw)
	if err := w.writeDocument(rep, bodies, r.producer); err != nil {
		doc.pw.CloseWithError(fmt.Errorf("merge report %q: %w", rep.ID, err))
		return
	}
	doc.pw.Close()
}

// renderAll renders the pages of rep with bounded parallelism and returns
// the page bodies in page order. The first error cancels remaining work.
func (r *Renderer) renderAll(ctx context.Context, rep Report) ([][]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	bodies := make([][]byte, len(rep.Pages))
	sem := make(chan struct{}, r.parallelism)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for i, page := range rep.Pages {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			once.Do(func() { firstErr = ctx.Err() })
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(i int, page PageSpec) {
			defer wg.Done()
			defer func() { <-sem }()
			body, err := r.renderPage(ctx, rep.ID, page)
			if err != nil {
				once.Do(func() {
					firstErr = fmt.Errorf("render page %d: %w", page.Number, err)
					cancel()
				})
				return
			}
			bodies[i] = body
		}(i, page)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return bodies, nil
}

func (r *Renderer) renderPage(ctx context.Context, reportID string, page PageSpec) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.pageTimeout)
	defer cancel()
	return r.pages.RenderPage(ctx, reportID, page)
}
