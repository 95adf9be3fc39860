package invoicing

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Line is one billed item.
type Line struct {
	SKU      string
	Quantity int
	UnitCent int64
}

// Invoice is a customer invoice waiting to be rendered.
type Invoice struct {
	Number   string
	Customer string
	Issued   time.Time
	Lines    []Line
}

var (
	errNoNumber = errors.New("missing invoice number")
	errNoLines  = errors.New("invoice has no lines")
)

// Validate checks that the invoice can be rendered.
func (inv Invoice) Validate() error {
	if inv.Number == "" {
		return errNoNumber
	}
	if len(inv.Lines) == 0 {
		return errNoLines
	}
	for i, l := range inv.Lines {
		if l.Quantity <= 0 {
			return fmt.Errorf("line %d: quantity %d", i+1, l.Quantity)
		}
	}
	return nil
}

// Total returns the invoice total in cents.
func (inv Invoice) Total() int64 {
	var t int64
	for _, l := range inv.Lines {
		t += int64(l.Quantity) * l.UnitCent
	}
	return t
}

func renderText(inv Invoice) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "INVOICE %s\n%s\n%s\n\n", inv.Number, inv.Customer, inv.Issued.Format("2006-01-02"))
	for _, l := range inv.Lines {
		fmt.Fprintf(&b, "%-12s %4d x %8.2f\n", l.SKU, l.Quantity, float64(l.UnitCent)/100)
	}
	fmt.Fprintf(&b, "\nTOTAL %.2f\n", float64(inv.Total())/100)
	return []byte(b.String())
}
