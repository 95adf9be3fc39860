package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Money is an amount in cents.
type Money int64

func (m Money) String() string {
	return fmt.Sprintf("$%d.%02d", m/100, m%100)
}

// Lot is an item offered in the sale.
type Lot struct {
	ID         string
	Title      string
	Seller     string
	OpeningBid Money
	Reserve    Money // zero means no reserve
}

// Bid is a single offer on a lot.
type Bid struct {
	LotID  string
	Bidder string
	Amount Money
	At     time.Time
}

// Receipt confirms an accepted bid.
type Receipt struct {
	LotID       string
	Bidder      string
	Amount      Money
	Seq         int
	NextMinimum Money
}

// Settlement is the outcome of a closed lot.
type Settlement struct {
	LotID    string
	Sold     bool
	Winner   string
	Hammer   Money
	Bids     int
	ClosedAt time.Time
	Note     string
}

// Store persists the bid history and the sale results.
type Store interface {
	AppendBid(ctx context.Context, b Bid) error
	RecordSettlement(ctx context.Context, s Settlement) error
	RecordWithdrawal(ctx context.Context, lotID, reason string) error
}

var (
	ErrUnknownLot     = errors.New("ledger: unknown or closed lot")
	ErrLotExists      = errors.New("ledger: lot already open")
	ErrLedgerClosed   = errors.New("ledger: sale has ended")
	ErrBelowMinimum   = errors.New("ledger: bid below minimum")
	ErrAlreadyLeading = errors.New("ledger: bidder already holds the high bid")
	ErrInvalidLot     = errors.New("ledger: invalid lot")
)

type incrementStep struct {
	below Money
	step  Money
}

// defaultIncrements is the house bidding increment table.
var defaultIncrements = []incrementStep{
	{below: 100_00, step: 5_00},
	{below: 1_000_00, step: 25_00},
	{below: 5_000_00, step: 100_00},
	{below: 20_000_00, step: 250_00},
}

const topIncrement Money = 1_000_00

// Option configures a Ledger.
type Option func(*Ledger)

// WithClock replaces time.Now, mainly for tests and replays.
func WithClock(now func() time.Time) Option { return func(l *Ledger) { l.now = now } }

// WithLogger sets the logger for sale-room events.
func WithLogger(lg *log.Logger) Option { return func(l *Ledger) { l.log = lg } }

// WithStoreTimeout bounds each write to the Store.
func WithStoreTimeout(d time.Duration) Option { return func(l *Ledger) { l.storeTimeout = d } }

func defaultLogger() *log.Logger { return log.New(io.Discard, "", 0) }
