package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"

	"go.uber.org/goleak"
)

type fakeSplitter struct{ pages int }

func (s fakeSplitter) PageCount(context.Context, Document) (int, error) { return s.pages, nil }

func (s fakeSplitter) Render(_ context.Context, _ Document, n, dpi int) (image.Image, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: uint8(y * 4), B: uint8(n), A: 255})
		}
	}
	return img, nil
}

var errUnsupportedLanguage = errors.New("recognizer: unsupported language")

// fakeRecognizer checks the language before reading the upload, like the
// real service client does, and otherwise decodes the page it is sent.
type fakeRecognizer struct{ languages map[string]bool }

func (f fakeRecognizer) Recognize(_ context.Context, r io.Reader, opts RecognizeOptions) (PageText, error) {
	if !f.languages[opts.Language] {
		return PageText{}, fmt.Errorf("page %d: %q: %w", opts.Page, opts.Language, errUnsupportedLanguage)
	}
	img, err := png.Decode(r)
	if err != nil {
		return PageText{}, err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return PageText{}, err
	}
	return PageText{Text: fmt.Sprintf(" page %d: %dx%d ", opts.Page, img.Bounds().Dx(), img.Bounds().Dy()), Confidence: 0.9}, nil
}

type chanStore chan Result

func (s chanStore) Save(_ context.Context, r Result) error {
	s <- r
	return nil
}

func TestDocumentAssembledInPageOrder(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := make(chanStore, 1)
	rec := fakeRecognizer{languages: map[string]bool{"en": true}}
	q, err := New(Config{Workers: 1, PageWorkers: 2}, fakeSplitter{pages: 3}, rec, store)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer q.Close()

	if err := q.Submit(Document{ID: "scan-0001", Language: "en"}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	res := <-store
	if res.Err != nil {
		t.Fatalf("result error: %v", res.Err)
	}
	if want := "page 1: 64x64\fpage 2: 64x64\fpage 3: 64x64"; res.Text != want || res.Pages != 3 {
		t.Errorf("got %d pages %q, want %q", res.Pages, res.Text, want)
	}
}

func TestUnsupportedLanguageFailsDocument(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := make(chanStore, 1)
	rec := fakeRecognizer{languages: map[string]bool{"en": true, "de": true}}
	q, err := New(Config{Workers: 1, PageWorkers: 2}, fakeSplitter{pages: 3}, rec, store)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer q.Close()

	if err := q.Submit(Document{ID: "scan-0042", Path: "inbox/scan-0042.pdf", Language: "tlh"}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	res := <-store
	if !errors.Is(res.Err, errUnsupportedLanguage) {
		t.Fatalf("result error = %v, want %v", res.Err, errUnsupportedLanguage)
	}
	if st, _ := q.State("scan-0042"); st != Failed {
		t.Errorf("state = %v, want Failed", st)
	}
}
