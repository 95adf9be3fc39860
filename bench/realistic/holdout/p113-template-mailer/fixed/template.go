package mailer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"text/template"
)

// ErrTemplateNotFound is returned by a TemplateSource when it has no template
// for the requested name and locale.
var ErrTemplateNotFound = errors.New("template not found")

// TemplateSource loads raw, localized templates, typically from a database
// table or a bundle embedded in the binary.
type TemplateSource interface {
	Lookup(ctx context.Context, name, locale string) (RawTemplate, error)
}

// RawTemplate is the unparsed content of one localized template.
type RawTemplate struct {
	Subject string
	Body    string
}

// Rendered is a template rendered for one locale.
type Rendered struct {
	// Locale is the locale that was actually used, which differs from the
	// requested one when the renderer fell back to its default locale.
	Locale  string
	Subject string
	Body    string
}

type compiled struct {
	locale string
	tmpl   *template.Template // with "subject" and "body" defined
}

// Renderer renders localized templates.
type Renderer struct {
	src           TemplateSource
	defaultLocale string
}

// NewRenderer returns a Renderer that loads templates from src and falls back
// to defaultLocale when a localized variant does not exist.
func NewRenderer(src TemplateSource, defaultLocale string) *Renderer {
	return &Renderer{src: src, defaultLocale: defaultLocale}
}

// Render renders the named template for locale with data.
func (r *Renderer) Render(ctx context.Context, name, locale string, data any) (Rendered, error) {
	c, err := r.load(ctx, name, locale)
	if errors.Is(err, ErrTemplateNotFound) && locale != r.defaultLocale {
		c, err = r.load(ctx, name, r.defaultLocale)
	}
	if err != nil {
		return Rendered{}, err
	}

	var subject, body bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&subject, "subject", data); err != nil {
		return Rendered{}, fmt.Errorf("render %s/%s subject: %w", name, c.locale, err)
	}
	if err := c.tmpl.ExecuteTemplate(&body, "body", data); err != nil {
		return Rendered{}, fmt.Errorf("render %s/%s body: %w", name, c.locale, err)
	}
	return Rendered{Locale: c.locale, Subject: subject.String(), Body: body.String()}, nil
}

// RenderLocales renders the named template for every locale concurrently. It
// returns the results keyed by requested locale, or the first error.
func (r *Renderer) RenderLocales(ctx context.Context, name string, locales []string, data any) (map[string]Rendered, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]Rendered, len(locales))
	errs := make([]error, len(locales))
	var wg sync.WaitGroup
	for i, loc := range locales {
		wg.Add(1)
		go func(i int, loc string) {
			defer wg.Done()
			results[i], errs[i] = r.Render(ctx, name, loc, data)
			if errs[i] != nil {
				cancel()
			}
		}(i, loc)
	}
	wg.Wait()

	out := make(map[string]Rendered, len(locales))
	for i, loc := range locales {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[loc] = results[i]
	}
	return out, nil
}

func (r *Renderer) load(ctx context.Context, name, locale string) (*compiled, error) {
	raw, err := r.src.Lookup(ctx, name, locale)
	if err != nil {
		return nil, fmt.Errorf("load template %s/%s: %w", name, locale, err)
	}
	t := template.New(name).Option("missingkey=error")
	if _, err := t.New("subject").Parse(raw.Subject); err != nil {
		return nil, fmt.Errorf("parse %s/%s subject: %w", name, locale, err)
	}
	if _, err := t.New("body").Parse(raw.Body); err != nil {
		return nil, fmt.Errorf("parse %s/%s body: %w", name, locale, err)
	}
	return &compiled{locale: locale, tmpl: t}, nil
}
