package tokens

import (
	"context"
	"errors"
	"time"
)

var (
	ErrUnknownCard        = errors.New("unknown token card")
	ErrUnknownRide        = errors.New("unknown ride")
	ErrRideClosed         = errors.New("ride closed")
	ErrInsufficientTokens = errors.New("insufficient tokens")
	ErrDailyCapReached    = errors.New("daily ride cap reached")
	ErrClosed             = errors.New("token bank closed")
)

// Ride is an attraction that is paid for in tokens.
type Ride struct {
	ID    string
	Name  string
	Price int
	Open  bool
}

// Account is the balance attached to one wristband or token card.
type Account struct {
	Card       string
	Balance    int
	AutoTopUp  bool
	PaymentRef string
	DailyCap   int
	ridesToday int
	day        string
}

// EntryKind tells redemptions and top-ups apart in the ledger.
type EntryKind string

const (
	EntryRide  EntryKind = "ride"
	EntryTopUp EntryKind = "topup"
)

// LedgerEntry is one movement of tokens, written to the park's ledger.
type LedgerEntry struct {
	Kind   EntryKind
	Card   string
	Ride   string
	Tokens int
	At     time.Time
}

// Receipt is handed back to the turnstile after a successful redemption.
type Receipt struct {
	Card      string
	Ride      string
	Spent     int
	Remaining int
	ToppedUp  int
	At        time.Time
}

// PaymentGateway charges a stored payment method for a token bundle.
type PaymentGateway interface {
	Charge(ctx context.Context, paymentRef string, cents int) error
}

// LedgerStore persists ledger entries.
type LedgerStore interface {
	Append(ctx context.Context, entries []LedgerEntry) error
}

// Logger is the subset of *log.Logger used by the bank.
type Logger interface {
	Printf(format string, args ...any)
}

// Config controls pricing of top-ups and ledger flushing.
type Config struct {
	BundleTokens    int
	BundleCents     int
	FlushInterval   time.Duration
	FlushTimeout    time.Duration
	ShutdownTimeout time.Duration
}

// DefaultConfig is the configuration used by the main gate.
func DefaultConfig() Config {
	return Config{
		BundleTokens:    20,
		BundleCents:     1500,
		FlushInterval:   30 * time.Second,
		FlushTimeout:    5 * time.Second,
		ShutdownTimeout: 10 * time.Second,
	}
}
