package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"
)

// Document is a PDF waiting to be recognised.
type Document struct {
	ID       string
	Path     string // location in the document store
	Language string // ISO 639-1 hint for the recognizer, e.g. "de"
}

// Splitter rasterises the pages of a PDF.
type Splitter interface {
	PageCount(ctx context.Context, doc Document) (int, error)
	// Render returns page n (1-based) as an image at the requested DPI.
	Render(ctx context.Context, doc Document, n, dpi int) (image.Image, error)
}

// RecognizeOptions are passed to the recognizer with every page.
type RecognizeOptions struct {
	Language string
	Page     int
}

// PageText is the recognised text of one page.
type PageText struct {
	Page       int
	Text       string
	Confidence float64 // 0..1
}

// Recognizer turns a PNG page image into text. Implementations read the
// image from r as they upload it, so pages are never buffered whole.
type Recognizer interface {
	Recognize(ctx context.Context, r io.Reader, opts RecognizeOptions) (PageText, error)
}

// ErrTooManyPages is returned for documents above Config.MaxPages.
var ErrTooManyPages = errors.New("ocr: document has too many pages")

// process recognises every page of doc, with at most cfg.PageWorkers pages
// in flight, and returns the pages in order. The first page error cancels
// the remaining pages.
func (q *Queue) process(ctx context.Context, doc Document) ([]PageText, error) {
	n, err := q.splitter.PageCount(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("count pages of %s: %w", doc.ID, err)
	}
	if n > q.cfg.MaxPages {
		return nil, fmt.Errorf("%s has %d pages: %w", doc.ID, n, ErrTooManyPages)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	pages := make([]PageText, n)
	sem := make(chan struct{}, q.cfg.PageWorkers)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for i := 1; i <= n; i++ {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(page int) {
			defer wg.Done()
			defer func() { <-sem }()
			pt, err := q.recognizePage(ctx, doc, page)
			if err != nil {
				errOnce.Do(func() { firstErr = err; cancel() })
				return
			}
			pages[page-1] = pt
		}(i)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return pages, nil
}

// recognizePage renders one page, cleans it up and streams it to the
// recognizer as PNG through a pipe.
func (q *Queue) recognizePage(ctx context.Context, doc Document, page int) (PageText, error) {
	img, err := q.splitter.Render(ctx, doc, page, q.cfg.DPI)
	if err != nil {
		return PageText{}, fmt.Errorf("render page %d: %w", page, err)
	}
	gray := binarize(img, q.cfg.Threshold)

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(png.Encode(pw, gray)) // leak: blocks writing to the pipe once the recognizer has given up reading
	}()

	pt, err := q.recognizer.Recognize(ctx, pr, RecognizeOptions{Language: doc.Language, Page: page})
	if err != nil {
		return PageText{}, fmt.Errorf("recognize page %d: %w", page, err)
	}
	pt.Page = page
	pt.Text = strings.TrimSpace(pt.Text)
	return pt, nil
}

// binarize converts img to black and white around threshold (0-255), which
// markedly improves recognition of scanned pages with uneven lighting.
func binarize(img image.Image, threshold uint8) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
			if g.Y >= threshold {
				g.Y = 255
			} else {
				g.Y = 0
			}
			out.SetGray(x, y, g)
		}
	}
	return out
}

// assemble joins page texts into the document text with form feeds between
// pages, and returns the mean confidence.
func assemble(pages []PageText) (string, float64) {
	var sb strings.Builder
	var conf float64
	for i, p := range pages {
		if i > 0 {
			sb.WriteString("\f")
		}
		sb.WriteString(p.Text)
		conf += p.Confidence
	}
	if len(pages) == 0 {
		return "", 0
	}
	return sb.String(), conf / float64(len(pages))
}
