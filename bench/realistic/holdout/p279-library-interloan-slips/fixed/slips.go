// Package interloan prints the pick slips for interlibrary loan requests that
// other libraries have placed on this library's collection. Each slip goes
// into the book pulled from the shelf and tells the mailroom where to send it.
package interloan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Slip is one lending request received from a borrowing library.
type Slip struct {
	ID        string
	Borrower  string // ISIL or OCLC symbol of the requesting library
	Lender    string // symbol of the library expected to supply the item
	ISBN      string
	Title     string
	PatronRef string // borrower's opaque patron reference, printed as-is
	NeedBy    time.Time
	Received  time.Time
}

// Page is one page of pending requests from the resource-sharing system.
type Page struct {
	Slips []Slip
	Next  string // cursor for the following page, empty on the last page
}

// Queue is the resource-sharing system's queue of pending lending requests.
type Queue interface {
	Pending(ctx context.Context, lender, cursor string, limit int) (Page, error)
	MarkPulled(ctx context.Context, slipID, shelfmark string) error
	Reject(ctx context.Context, slipID, reason string) error
}

// Catalog locates items of the local collection.
type Catalog interface {
	// Locate returns the shelfmark of an available copy, or ErrNotOnShelf.
	Locate(ctx context.Context, isbn string) (shelfmark string, err error)
}

// Printer prints the pick slips on the circulation desk's slip printer.
type Printer interface {
	Print(ctx context.Context, ticket Ticket) error
}

// Ticket is what ends up on paper.
type Ticket struct {
	SlipID    string
	Shelfmark string
	Title     string
	ShipTo    string
	PatronRef string
	NeedBy    string
}

var (
	// ErrNotOnShelf means no copy is available for lending right now.
	ErrNotOnShelf = errors.New("interloan: no copy on shelf")
	// ErrPrinterJam is returned by printers that need operator attention.
	ErrPrinterJam = errors.New("interloan: printer jammed")
)

func normalizeISBN(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case (r == 'X' || r == 'x') && b.Len() == 9:
			b.WriteRune('X')
		case r == '-' || r == ' ':
		default:
			return "", fmt.Errorf("interloan: bad character %q in ISBN %q", r, s)
		}
	}
	out := b.String()
	if len(out) != 10 && len(out) != 13 {
		return "", fmt.Errorf("interloan: ISBN %q has %d digits", s, len(out))
	}
	return out, nil
}

func ticketFor(s Slip, shelfmark string) Ticket {
	title := s.Title
	if len(title) > 48 {
		title = title[:45] + "..."
	}
	return Ticket{
		SlipID:    s.ID,
		Shelfmark: shelfmark,
		Title:     title,
		ShipTo:    s.Borrower,
		PatronRef: s.PatronRef,
		NeedBy:    s.NeedBy.Format("2006-01-02"),
	}
}
