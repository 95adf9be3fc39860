package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func rect(x0, y0, x1, y1 float64) Contour {
	return Contour{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

type designRepo struct {
	families map[string][]Glyph
}

func (d *designRepo) Glyphs(ctx context.Context, family string) (float64, []Glyph, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	g, ok := d.families[family]
	if !ok {
		return 0, nil, fmt.Errorf("family %q not in repository", family)
	}
	return 1000, g, nil
}

func halyardSans() []Glyph {
	return []Glyph{
		{Rune: 'H', Advance: 800, Outline: Outline{{
			{100, 0}, {250, 0}, {250, 300}, {550, 300}, {550, 0}, {700, 0},
			{700, 700}, {550, 700}, {550, 420}, {250, 420}, {250, 700}, {100, 700},
		}}},
		{Rune: 'i', Advance: 550, Outline: Outline{
			rect(200, 0, 350, 500),
			rect(240, 620, 310, 690),
		}},
		{Rune: 'o', Advance: 700, Outline: Outline{
			rect(80, 0, 620, 520),
			rect(220, 130, 480, 390),
		}},
	}
}

type proofingUI struct {
	mu       sync.Mutex
	events   []Progress
	finished map[string]int
}

func (p *proofingUI) Glyph(ev Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, ev)
}

func (p *proofingUI) Finished(family string, rendered, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished == nil {
		p.finished = make(map[string]int)
	}
	p.finished[family] = rendered
}

func TestProofingRunAcrossSizes(t *testing.T) {
	defer goleak.VerifyNone(t)

	repo := &designRepo{families: map[string][]Glyph{"Halyard Sans": halyardSans()}}
	ui := &proofingUI{}
	var logs bytes.Buffer
	strict, err := New(repo, WithStrictHinting(), WithReporter(ui), WithSizeRange(8, 96),
		WithLogger(log.New(&logs, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	spec, err := strict.RenderFamily(ctx, "Halyard Sans", 48)
	if err != nil {
		t.Fatalf("48px: %v", err)
	}
	if len(spec.Bitmaps) != 3 || len(spec.Unhinted) != 0 {
		t.Fatalf("48px: unexpected specimen %+v", spec)
	}
	o := spec.Bitmaps['o']
	if o.Ink() == 0 || o.At(o.Width/2, 48-48/5-12) != 0 || o.At(o.Width/2, 48-48/5-3) != 255 {
		t.Fatalf("48px: counter of 'o' should be empty, ink=%d", o.Ink())
	}
	if again, _ := strict.RenderFamily(ctx, "Halyard Sans", 48); again != spec {
		t.Fatalf("48px: expected cached specimen")
	}

	if _, err := strict.RenderFamily(ctx, "Halyard Sans", 8); !errors.Is(err, ErrCollapsedContour) {
		t.Fatalf("8px strict: expected collapsed contour, got %v", err)
	}
	if _, err := strict.RenderFamily(ctx, "Halyard Sans", 4); !errors.Is(err, ErrSize) {
		t.Fatalf("4px: expected size error, got %v", err)
	}
	if _, err := strict.RenderFamily(ctx, "Halyard Serif", 24); err == nil {
		t.Fatalf("unknown family should fail")
	}

	lenient, err := New(repo, WithReporter(ui), WithLogger(log.New(&logs, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	small, err := lenient.RenderFamily(ctx, "Halyard Sans", 8)
	if err != nil {
		t.Fatalf("8px lenient: %v", err)
	}
	if len(small.Unhinted) != 1 || small.Unhinted[0] != 'i' {
		t.Fatalf("8px lenient: unhinted = %q", small.Unhinted)
	}
	if !bytes.Contains(logs.Bytes(), []byte("using unhinted outline")) {
		t.Fatalf("expected fallback to be logged, got %q", logs.String())
	}

	ui.mu.Lock()
	rendered := ui.finished["Halyard Sans"]
	ui.mu.Unlock()
	if rendered != 3 {
		t.Fatalf("reporter saw %d glyphs for the last run, want 3", rendered)
	}
	if n := strict.Purge("Halyard Sans"); n != 1 {
		t.Fatalf("purge removed %d specimens", n)
	}
}
