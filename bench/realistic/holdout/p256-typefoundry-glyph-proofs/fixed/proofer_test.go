package proofing

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"go.uber.org/goleak"
)

// outlineFarm is a fake rasterizer: widths follow a rough humanist
// proportion table, and the face only maps Basic Latin.
type outlineFarm struct {
	mu    sync.Mutex
	calls map[rune]int
}

func (f *outlineFarm) Rasterize(ctx context.Context, face Face, r rune, ppem int) (Bitmap, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return Bitmap{}, ctx.Err()
	}
	f.mu.Lock()
	f.calls[r]++
	f.mu.Unlock()
	if r > unicode.MaxASCII {
		return Bitmap{}, ErrNoGlyph
	}
	units := 560
	switch {
	case strings.ContainsRune("mwMW", r):
		units = 860
	case strings.ContainsRune("iljft", r):
		units = 300
	case unicode.IsUpper(r):
		units = 680
	}
	adv := units * ppem / face.UnitsPerEm
	h := ppem * 7 / 10
	return Bitmap{Width: adv - 2, Height: h, Advance: adv, BearingX: 1, BearingY: h, Pix: make([]byte, (adv-2)*h)}, nil
}

func TestProofingRoundForNewBuild(t *testing.T) {
	farm := &outlineFarm{calls: map[rune]int{}}
	var logs strings.Builder
	p, err := New(farm,
		WithConcurrency(4),
		WithSheetWidth(600),
		WithTracking(1),
		WithLogger(log.New(&logs, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	face := Face{Family: "Aldermoor", Style: "Text Italic", Version: "0.914", UnitsPerEm: 1000}
	sizes := []int{12, 48, 24}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()

	first, err := p.Waterfall(ctx, face, "Hamburgefonstiv Hamburgefonstiv Hamburgefonstiv", sizes)
	if err != nil {
		t.Fatalf("first proof: %v\n%s", err, logs.String())
	}
	if first.Lines[0].PPEM != 48 {
		t.Errorf("waterfall starts at %d ppem, want 48", first.Lines[0].PPEM)
	}
	wrapped := 0
	for _, l := range first.Lines {
		if l.Width > 600 {
			t.Errorf("%dppem line overflows sheet: %dpx", l.PPEM, l.Width)
		}
		if l.PPEM == 48 {
			wrapped++
		}
	}
	if wrapped < 2 {
		t.Errorf("48ppem setting should wrap, got %d line(s)", wrapped)
	}

	second, err := p.Waterfall(ctx, face, "Handgloves “Handgloves”", sizes)
	if err != nil {
		t.Fatalf("second proof: %v\n%s", err, logs.String())
	}
	if got := second.MissingString(); got != "U+201C U+201D" {
		t.Errorf("missing = %q, want curly quotes", got)
	}
	for _, l := range second.Lines {
		n := 0
		for _, g := range l.Glyphs {
			if g.NotDef {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%dppem line has %d .notdef boxes, want 2", l.PPEM, n)
		}
	}

	farm.mu.Lock()
	if c := farm.calls['H']; c != len(sizes) {
		t.Errorf("'H' rasterized %d times, want once per size", c)
	}
	if c := farm.calls['d']; c != len(sizes) {
		t.Errorf("'d' rasterized %d times, want once per size", c)
	}
	farm.mu.Unlock()
	if hits, _, _ := p.CacheStats(); hits == 0 {
		t.Error("second proof did not use the glyph cache")
	}

	goleak.VerifyNone(t)
}
