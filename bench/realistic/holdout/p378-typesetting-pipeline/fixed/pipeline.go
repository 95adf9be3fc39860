package typeset

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Book is the typeset result of a Document.
type Book struct {
	Title    string
	Chapters [][]Page // pages of each chapter, in document order
	Pages    int
}

// Pipeline sets documents into pages.
type Pipeline struct {
	shaper       Shaper
	font         Font
	measure      float64
	linesPerPage int
	workers      int
}

// Option configures a Pipeline.
type Option func(*Pipeline)

// WithFont sets the body font.
func WithFont(f Font) Option { return func(p *Pipeline) { p.font = f } }

// WithMeasure sets the line length in points.
func WithMeasure(pt float64) Option { return func(p *Pipeline) { p.measure = pt } }

// WithLinesPerPage sets the page depth in lines.
func WithLinesPerPage(n int) Option { return func(p *Pipeline) { p.linesPerPage = n } }

// WithWorkers bounds how many chapters are laid out concurrently.
func WithWorkers(n int) Option { return func(p *Pipeline) { p.workers = n } }

// NewPipeline returns a pipeline using shaper for text measurement.
func NewPipeline(shaper Shaper, opts ...Option) (*Pipeline, error) {
	p := &Pipeline{
		shaper:       shaper,
		font:         Font{Family: "Serif", Size: 10},
		measure:      300,
		linesPerPage: 40,
		workers:      4,
	}
	for _, o := range opts {
		o(p)
	}
	if p.measure <= 0 || p.linesPerPage <= 0 || p.workers <= 0 {
		return nil, errors.New("typeset: measure, lines per page and workers must be positive")
	}
	return p, nil
}

type chapterResult struct {
	index int
	pages []Page
	err   error
}

// Run typesets doc. Chapters are laid out concurrently; the result keeps
// document order and numbers pages consecutively from 1.
func (p *Pipeline) Run(ctx context.Context, doc Document) (*Book, error) {
	sess, err := p.shaper.Open(p.font)
	if err != nil {
		return nil, fmt.Errorf("typeset: open %v: %w", p.font, err)
	}

	book := &Book{Title: doc.Title, Chapters: make([][]Page, len(doc.Chapters))}
	results := make(chan chapterResult, len(doc.Chapters))
	sem := make(chan struct{}, p.workers)

	var wg sync.WaitGroup
	pending := 0
	for i, ch := range doc.Chapters {
		if ch.Empty() {
			book.Chapters[i] = []Page{{Chapter: ch.Title}}
			continue
		}
		pending++
		wg.Add(1)
		go func(i int, ch Chapter) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results <- chapterResult{index: i, err: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			pages, err := layoutChapter(ctx, sess, ch, p.measure, p.linesPerPage)
			results <- chapterResult{index: i, pages: pages, err: err}
		}(i, ch)
	}

	// Layout goroutines may still be measuring text after an early return
	// below, so the session is released only once all of them are done.
	go func() {
		wg.Wait()
		sess.Close()
	}()

	for n := 0; n < pending; n++ {
		select {
		case r := <-results:
			if r.err != nil {
				return nil, fmt.Errorf("typeset: chapter %d: %w", r.index+1, r.err)
			}
			book.Chapters[r.index] = r.pages
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	num := 1
	for _, pages := range book.Chapters {
		for j := range pages {
			pages[j].Number = num
			num++
		}
	}
	book.Pages = num - 1
	return book, nil
}
