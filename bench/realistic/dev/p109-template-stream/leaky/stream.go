// Package render renders pages from HTML templates on a background worker and
// streams them back to the caller one at a time, so a large site never has to
// sit in memory all at once.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
)

// ErrMissing is returned by the "required" template function.
var ErrMissing = errors.New("required value missing")

// Page is one page to render.
type Page struct {
	Path     string
	Template string
	Data     map[string]any
}

// Result is a rendered page, or the error rendering it.
type Result struct {
	Path string
	HTML []byte
	Err  error
}

// Renderer holds a parsed template set.
type Renderer struct {
	tmpl *template.Template
}

// New parses the given named templates.
func New(sources map[string]string) (*Renderer, error) {
	root := template.New("").Funcs(template.FuncMap{
		"required": func(name string, v any) (any, error) {
			if v == nil || v == "" {
				return nil, fmt.Errorf("%q: %w", name, ErrMissing)
			}
			return v, nil
		},
	})
	for name, src := range sources {
		if _, err := root.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
	}
	return &Renderer{tmpl: root}, nil
}

// Stream is an iterator over rendered pages, in the order they were given.
type Stream struct {
	ch     chan Result
	cur    Result
	cancel context.CancelFunc
}

// Stream starts rendering pages in the background.
func (r *Renderer) Stream(ctx context.Context, pages []Page) *Stream {
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{ch: make(chan Result), cancel: cancel}
	go func() {
		defer close(s.ch)
		for _, p := range pages {
			var buf bytes.Buffer
			res := Result{Path: p.Path}
			if err := r.tmpl.ExecuteTemplate(&buf, p.Template, p.Data); err != nil {
				res.Err = fmt.Errorf("render %s: %w", p.Path, err)
			} else {
				res.HTML = buf.Bytes()
			}
			select { // leak: the caller stopped iterating without calling Close, so neither case can ever proceed
			case s.ch <- res:
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

// Next advances to the next rendered page and reports whether there is one.
func (s *Stream) Next() bool {
	res, ok := <-s.ch
	s.cur = res
	return ok
}

// Result returns the page Next advanced to.
func (s *Stream) Result() Result { return s.cur }

// Close stops rendering. It may be called at any time, and more than once.
func (s *Stream) Close() { s.cancel() }
