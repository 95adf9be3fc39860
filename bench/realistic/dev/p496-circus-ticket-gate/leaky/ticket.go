package gate

import (
	"context"
	"errors"
	"io"
	"log"
	"time"
)

// Kind is the ticket class printed on the barcode.
type Kind int

const (
	KindGeneral Kind = iota
	KindChild
	KindVIP
	KindCrew
)

func (k Kind) String() string {
	switch k {
	case KindGeneral:
		return "general"
	case KindChild:
		return "child"
	case KindVIP:
		return "vip"
	case KindCrew:
		return "crew"
	default:
		return "unknown"
	}
}

// Ticket is what the box office knows about a barcode.
type Ticket struct {
	Code          string
	Kind          Kind
	Show          string
	Section       string
	Reentry       bool   // stamped for pass-out and return
	AccompaniedBy string // child tickets: code of the adult ticket
}

// Admission is returned to the scanner for a ticket let through the gate.
type Admission struct {
	Code    string
	Section string
	Kind    Kind
	Return  bool
	At      time.Time
}

// Occupancy is pushed to the big-top occupancy board.
type Occupancy struct {
	Show      string
	Inside    int
	Capacity  int
	BySection map[string]int
	At        time.Time
}

// TicketStore looks up barcodes in the box office system.
type TicketStore interface {
	Lookup(ctx context.Context, code string) (Ticket, error)
}

// Board displays the current occupancy to ushers and the fire marshal.
type Board interface {
	Publish(ctx context.Context, o Occupancy) error
}

var (
	ErrUnreadable     = errors.New("gate: unreadable barcode")
	ErrWrongShow      = errors.New("gate: ticket is for another show")
	ErrAlreadyInside  = errors.New("gate: ticket already scanned in")
	ErrNoReentry      = errors.New("gate: ticket does not allow re-entry")
	ErrReentryTooSoon = errors.New("gate: re-entry cooldown")
	ErrUnaccompanied  = errors.New("gate: child must enter with the ticket holder's adult")
	ErrAtCapacity     = errors.New("gate: tent at capacity")
	ErrNotInside      = errors.New("gate: ticket is not inside")
)

// Config configures a Gate.
type Config struct {
	Show            string
	Capacity        int
	ReentryCooldown time.Duration
	LookupTimeout   time.Duration
	ReportInterval  time.Duration
	Now             func() time.Time
	Logger          *log.Logger
}

func (c Config) withDefaults() Config {
	if c.ReentryCooldown <= 0 {
		c.ReentryCooldown = 5 * time.Minute
	}
	if c.LookupTimeout <= 0 {
		c.LookupTimeout = 800 * time.Millisecond
	}
	if c.ReportInterval <= 0 {
		c.ReportInterval = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	return c
}
