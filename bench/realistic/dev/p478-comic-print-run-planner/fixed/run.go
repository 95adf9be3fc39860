package printrun

import (
	"errors"
	"fmt"
	"time"
)

// CoverKind tells what a cover variant is sold as.
type CoverKind int

const (
	CoverMain CoverKind = iota
	CoverVariant
	CoverIncentive
	CoverVirgin
)

func (k CoverKind) String() string {
	switch k {
	case CoverMain:
		return "main"
	case CoverVariant:
		return "variant"
	case CoverIncentive:
		return "incentive"
	case CoverVirgin:
		return "virgin"
	default:
		return fmt.Sprintf("kind(%d)", int(k))
	}
}

// PaperStock names a paper the printers stock.
type PaperStock string

const (
	StockNewsprint PaperStock = "newsprint-45"
	StockGloss     PaperStock = "gloss-80"
	StockCard      PaperStock = "card-250"
)

// Variant is one cover of an issue. Incentive and virgin covers are usually
// ordered as a ratio of the main cover (1 per RatioOf copies) rather than as a
// fixed quantity.
type Variant struct {
	SKU        string
	Kind       CoverKind
	Quantity   int
	RatioOf    int
	CoverStock PaperStock
	Foil       bool
}

// PrintRun is everything the planner needs to know about an issue.
type PrintRun struct {
	Series        string
	Issue         int
	InteriorPages int
	InteriorStock PaperStock
	OnSale        time.Time
	Variants      []Variant
}

const pagesPerSignature = 4

var (
	ErrNoVariants = errors.New("print run has no variants")
	ErrNoMain     = errors.New("print run has no main cover")
)

// Validate checks that the run can be imposed and quoted.
func (r PrintRun) Validate() error {
	if r.Series == "" || r.Issue <= 0 {
		return fmt.Errorf("print run %q #%d: series and issue number are required", r.Series, r.Issue)
	}
	if r.InteriorPages <= 0 || r.InteriorPages%pagesPerSignature != 0 {
		return fmt.Errorf("%s #%d: %d interior pages is not a whole number of signatures", r.Series, r.Issue, r.InteriorPages)
	}
	if r.OnSale.IsZero() {
		return fmt.Errorf("%s #%d: on-sale date is required", r.Series, r.Issue)
	}
	if len(r.Variants) == 0 {
		return fmt.Errorf("%s #%d: %w", r.Series, r.Issue, ErrNoVariants)
	}
	skus := make(map[string]bool, len(r.Variants))
	mains := 0
	for _, v := range r.Variants {
		if v.SKU == "" {
			return fmt.Errorf("%s #%d: variant without SKU", r.Series, r.Issue)
		}
		if skus[v.SKU] {
			return fmt.Errorf("%s #%d: duplicate SKU %s", r.Series, r.Issue, v.SKU)
		}
		skus[v.SKU] = true
		if v.Kind == CoverMain {
			mains++
			if v.Quantity <= 0 {
				return fmt.Errorf("%s #%d: main cover %s needs a quantity", r.Series, r.Issue, v.SKU)
			}
		}
		if v.Quantity <= 0 && v.RatioOf <= 0 {
			return fmt.Errorf("%s #%d: variant %s has neither quantity nor ratio", r.Series, r.Issue, v.SKU)
		}
	}
	if mains != 1 {
		return fmt.Errorf("%s #%d: %w (found %d)", r.Series, r.Issue, ErrNoMain, mains)
	}
	return nil
}

// resolved returns the variants with ratio quantities worked out against
// the main cover order, rounded up to whole bundles of 10.
func (r PrintRun) resolved() []Variant {
	mainQty := 0
	for _, v := range r.Variants {
		if v.Kind == CoverMain {
			mainQty = v.Quantity
		}
	}
	out := make([]Variant, len(r.Variants))
	for i, v := range r.Variants {
		if v.Quantity <= 0 && v.RatioOf > 0 {
			q := (mainQty + v.RatioOf - 1) / v.RatioOf
			v.Quantity = (q + 9) / 10 * 10
		}
		if v.CoverStock == "" {
			v.CoverStock = StockCard
		}
		out[i] = v
	}
	return out
}

// ShipBy is the latest date the copies may leave the printer to reach the
// distributor in time for the on-sale date.
func (r PrintRun) ShipBy(distribution time.Duration) time.Time {
	return r.OnSale.Add(-distribution)
}
