package tokenpayout

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Redemption is a player cashing in game tickets for tokens at a kiosk.
type Redemption struct {
	ID      string
	CardID  string
	Tickets int
	Tier    Tier
	At      time.Time
}

// Tier is the loyalty tier on the player's card.
type Tier int

const (
	TierBasic Tier = iota
	TierSilver
	TierGold
)

// Rates converts tickets to tokens.
type Rates struct {
	TicketsPerToken int
	// BonusPercent is extra tokens granted per tier, as a percentage.
	BonusPercent map[Tier]int
	// MaxTokens caps a single payout so one kiosk cannot be emptied.
	MaxTokens int
}

// Quote returns how many tokens a redemption pays and how many tickets it
// consumes. Leftover tickets stay on the card.
func (r Rates) Quote(red Redemption) (tokens, tickets int, err error) {
	if r.TicketsPerToken <= 0 {
		return 0, 0, fmt.Errorf("tokenpayout: invalid rate %d tickets per token", r.TicketsPerToken)
	}
	if red.Tickets < r.TicketsPerToken {
		return 0, 0, fmt.Errorf("%w: %d tickets, need %d", ErrTooFewTickets, red.Tickets, r.TicketsPerToken)
	}
	base := red.Tickets / r.TicketsPerToken
	if r.MaxTokens > 0 && base > r.MaxTokens {
		base = r.MaxTokens
	}
	tickets = base * r.TicketsPerToken
	tokens = base + base*r.BonusPercent[red.Tier]/100
	return tokens, tickets, nil
}

// Ledger holds the ticket balances of player cards.
type Ledger interface {
	Debit(ctx context.Context, card string, tickets int, ref string) error
	Credit(ctx context.Context, card string, tickets int, ref, reason string) error
}

// Alerter pages the floor attendant.
type Alerter interface {
	Alert(ctx context.Context, kiosk, message string) error
}

// Result is reported for every redemption the service handles.
type Result struct {
	Redemption Redemption
	Tokens     int
	Paid       int
	Err        error
}

var (
	ErrTooFewTickets = errors.New("tokenpayout: not enough tickets")
	ErrJam           = errors.New("tokenpayout: hopper jammed")
	ErrHopperLow     = errors.New("tokenpayout: hopper low")
	ErrOutOfService  = errors.New("tokenpayout: kiosk out of service")
	ErrClosed        = errors.New("tokenpayout: service closed")
)
