package proofing

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Placed is a glyph positioned on the sheet.
type Placed struct {
	Rune   rune
	X, Y   int
	NotDef bool
}

// Line is one line of setting on the sheet.
type Line struct {
	PPEM   int
	Width  int
	Glyphs []Placed
}

// Sheet is a waterfall proof: the same sample set at decreasing sizes.
type Sheet struct {
	Face    Face
	Sample  string
	Lines   []Line
	Height  int
	Missing []rune
}

// MissingString lists code points the face does not map, as U+XXXX.
func (s *Sheet) MissingString() string {
	parts := make([]string, len(s.Missing))
	for i, r := range s.Missing {
		parts[i] = fmt.Sprintf("U+%04X", r)
	}
	return strings.Join(parts, " ")
}

// Waterfall sets sample at each size in sizes (largest first), wrapping to
// the sheet width.
func (p *Proofer) Waterfall(ctx context.Context, face Face, sample string, sizes []int) (*Sheet, error) {
	runes := uniqueRunes(sample)
	if len(runes) == 0 {
		return nil, fmt.Errorf("proofing: empty sample")
	}
	sizes = append([]int(nil), sizes...)
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))

	sheet := &Sheet{Face: face, Sample: sample}
	missingSet := make(map[rune]bool)
	y := 0
	for _, ppem := range sizes {
		if ppem <= 0 {
			return nil, fmt.Errorf("proofing: invalid size %d", ppem)
		}
		glyphs, missing, err := p.collect(ctx, face, runes, ppem)
		if err != nil {
			return nil, err
		}
		for _, r := range missing {
			missingSet[r] = true
		}
		lines := p.setLines(sample, glyphs, ppem, y)
		sheet.Lines = append(sheet.Lines, lines...)
		y += len(lines) * lineHeight(ppem)
		y += ppem / 2
	}
	sheet.Height = y
	for r := range missingSet {
		sheet.Missing = append(sheet.Missing, r)
	}
	sort.Slice(sheet.Missing, func(i, j int) bool { return sheet.Missing[i] < sheet.Missing[j] })
	return sheet, nil
}

func lineHeight(ppem int) int { return ppem * 6 / 5 }

// setLines places the sample's glyphs left to right, breaking at spaces
// when the next word would overflow the sheet.
func (p *Proofer) setLines(sample string, glyphs map[rune]Bitmap, ppem, top int) []Line {
	notdefAdvance := ppem * 3 / 5
	space := ppem / 4
	advance := func(r rune) (int, bool) {
		if bm, ok := glyphs[r]; ok {
			return bm.Advance + p.opts.tracking, false
		}
		return notdefAdvance + p.opts.tracking, true
	}

	var lines []Line
	cur := Line{PPEM: ppem}
	x := 0
	baseline := top + ppem
	for wi, word := range strings.Fields(sample) {
		w := 0
		for _, r := range word {
			a, _ := advance(r)
			w += a
		}
		if wi > 0 {
			if x+space+w > p.opts.sheetWidth && len(cur.Glyphs) > 0 {
				cur.Width = x
				lines = append(lines, cur)
				cur = Line{PPEM: ppem}
				x = 0
				baseline += lineHeight(ppem)
			} else {
				x += space
			}
		}
		for _, r := range word {
			a, notdef := advance(r)
			cur.Glyphs = append(cur.Glyphs, Placed{Rune: r, X: x, Y: baseline, NotDef: notdef})
			x += a
		}
	}
	if len(cur.Glyphs) > 0 {
		cur.Width = x
		lines = append(lines, cur)
	}
	return lines
}
