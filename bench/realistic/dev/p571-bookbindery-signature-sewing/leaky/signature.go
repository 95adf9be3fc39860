package sewing

import (
	"errors"
	"fmt"
	"math"
)

// Signature is one folded gathering of sheets.
type Signature struct {
	Seq    int    // position in the text block, from 0
	Sheets int    // sheets folded together
	Folds  int    // 1 = folio, 2 = quarto, 3 = octavo
	Pages  int    // pages counted by the gatherer
	Mark   string // signature mark printed on the first page, e.g. "C"
}

// ExpectedPages is the page count the fold scheme produces.
func (s Signature) ExpectedPages() int {
	return s.Sheets * 2 * (1 << s.Folds)
}

// ErrCollation reports a signature that is out of order, short or has
// the wrong fold.
var ErrCollation = errors.New("collation error")

// CheckCollation is the standard check an Inspector implementation uses.
func CheckCollation(sig Signature) error {
	if want := MarkFor(sig.Seq); sig.Mark != want {
		return fmt.Errorf("%w: mark %q where %q belongs", ErrCollation, sig.Mark, want)
	}
	if sig.Pages != sig.ExpectedPages() {
		return fmt.Errorf("%w: %d pages, fold gives %d", ErrCollation, sig.Pages, sig.ExpectedPages())
	}
	return nil
}

// MarkFor returns the traditional signature mark for a position: A to Z
// without J, U and W, then AA, BB and so on.
func MarkFor(seq int) string {
	const alphabet = "ABCDEFGHIKLMNOPQRSTVXYZ"
	letter := string(alphabet[seq%len(alphabet)])
	mark := letter
	for i := 0; i < seq/len(alphabet); i++ {
		mark += letter
	}
	return mark
}

// Book is a text block ready to sew.
type Book struct {
	Title       string
	SpineHeight float64 // mm, head to tail
	Signatures  []Signature
}

// Validate checks the book is sewable at all.
func (b Book) Validate() error {
	if len(b.Signatures) == 0 {
		return fmt.Errorf("sewing: %q has no signatures", b.Title)
	}
	for i, s := range b.Signatures {
		if s.Seq != i {
			return fmt.Errorf("sewing: %q: signature at position %d has sequence %d", b.Title, i, s.Seq)
		}
		if s.Folds < 1 || s.Sheets < 1 {
			return fmt.Errorf("sewing: %q: signature %d has no folds or sheets", b.Title, i)
		}
	}
	return nil
}

// stationHoles lays out the sewing stations along the spine: a kettle
// stitch near head and tail and a pair of holes straddling each tape,
// tapes spaced evenly in between. Positions are in mm from the head.
func stationHoles(spine float64, cfg Config) ([]float64, error) {
	usable := spine - 2*cfg.KettleInset
	need := float64(cfg.Tapes) * cfg.TapeWidth
	if usable <= need {
		return nil, fmt.Errorf("sewing: spine %.0fmm too short for %d tapes of %.0fmm", spine, cfg.Tapes, cfg.TapeWidth)
	}
	gap := (usable - need) / float64(cfg.Tapes+1)
	holes := []float64{cfg.KettleInset}
	pos := cfg.KettleInset
	for i := 0; i < cfg.Tapes; i++ {
		pos += gap
		holes = append(holes, round(pos), round(pos+cfg.TapeWidth))
		pos += cfg.TapeWidth
	}
	holes = append(holes, spine-cfg.KettleInset)
	return holes, nil
}

func round(mm float64) float64 { return math.Round(mm*10) / 10 }
