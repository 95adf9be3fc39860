package typeset

import (
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestRunWithPartDivider(t *testing.T) {
	defer goleak.VerifyNone(t)

	p, err := NewPipeline(MonospaceShaper{Ratio: 0.5},
		WithFont(Font{Family: "Mono", Size: 10}),
		WithMeasure(100), // 20 runes per line
		WithLinesPerPage(3),
		WithWorkers(2),
	)
	if err != nil {
		t.Fatal(err)
	}

	doc := Document{
		Title: "Field Notes",
		Chapters: []Chapter{
			{Title: "Part One"},
			{Title: "Arrival", Paragraphs: []string{
				"The ferry landed late and the harbour lights were already on.",
				"Nobody met us at the quay.",
			}},
			{Title: "Part Two", Paragraphs: []string{"   "}},
			{Title: "Departure", Paragraphs: []string{
				"We left before dawn with the tide.",
			}},
		},
	}

	book, err := p.Run(context.Background(), doc)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(book.Chapters) != 4 {
		t.Fatalf("got %d chapters, want 4", len(book.Chapters))
	}
	for _, i := range []int{0, 2} {
		if n := len(book.Chapters[i]); n != 1 || len(book.Chapters[i][0].Lines) != 0 {
			t.Errorf("divider %d: got %d pages, want one blank title page", i, n)
		}
	}
	arrival := book.Chapters[1]
	if len(arrival) != 2 {
		t.Fatalf("Arrival: got %d pages, want 2", len(arrival))
	}
	for _, pg := range arrival {
		for _, l := range pg.Lines {
			if l.Width > 100 {
				t.Errorf("line %q is %.1fpt wide, exceeds measure", l, l.Width)
			}
		}
	}
	if got := arrival[0].Lines[0].String(); !strings.HasPrefix(got, "The ferry landed") {
		t.Errorf("first line = %q", got)
	}
	if book.Pages != 5 {
		t.Errorf("book has %d pages, want 5", book.Pages)
	}
	last := book.Chapters[3][len(book.Chapters[3])-1]
	if last.Number != book.Pages {
		t.Errorf("last page numbered %d, want %d", last.Number, book.Pages)
	}
}
