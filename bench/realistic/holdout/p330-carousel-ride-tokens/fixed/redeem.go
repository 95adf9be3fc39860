package tokens

import (
	"context"
	"fmt"
)

// Redeem charges the price of a ride to a card. When the balance is short and
// the card has auto top-up, one bundle is bought first; the payment is made
// without holding the bank lock because the gateway can take seconds.
func (b *Bank) Redeem(ctx context.Context, card, rideID string) (Receipt, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return Receipt{}, ErrClosed
	}
	ride, ok := b.rides[rideID]
	if !ok {
		b.mu.Unlock()
		return Receipt{}, ErrUnknownRide
	}
	if !ride.Open {
		b.mu.Unlock()
		return Receipt{}, fmt.Errorf("%s: %w", ride.Name, ErrRideClosed)
	}
	acct, ok := b.accounts[card]
	if !ok {
		b.mu.Unlock()
		return Receipt{}, ErrUnknownCard
	}
	needTopUp := acct.Balance < ride.Price
	paymentRef := acct.PaymentRef
	if needTopUp && !acct.AutoTopUp {
		b.mu.Unlock()
		return Receipt{}, ErrInsufficientTokens
	}
	b.mu.Unlock()

	toppedUp := 0
	if needTopUp {
		if err := b.payments.Charge(ctx, paymentRef, b.cfg.BundleCents); err != nil {
			return Receipt{}, fmt.Errorf("tokens: top-up for %s: %w", card, err)
		}
		toppedUp = b.cfg.BundleTokens
	}

	now := b.now()
	b.mu.Lock()
	if toppedUp > 0 {
		acct.Balance += toppedUp
		b.pending = append(b.pending, LedgerEntry{Kind: EntryTopUp, Card: card, Tokens: toppedUp, At: now})
	}
	if acct.Balance < ride.Price {
		b.mu.Unlock()
		return Receipt{}, ErrInsufficientTokens
	}
	day := now.Format("2006-01-02")
	if acct.day != day {
		acct.day = day
		acct.ridesToday = 0
	}
	if acct.DailyCap > 0 && acct.ridesToday >= acct.DailyCap {
		b.mu.Unlock()
		return Receipt{}, fmt.Errorf("tokens: card %s: %w", card, ErrDailyCapReached)
	}
	acct.Balance -= ride.Price
	acct.ridesToday++
	b.pending = append(b.pending, LedgerEntry{Kind: EntryRide, Card: card, Ride: rideID, Tokens: -ride.Price, At: now})
	rcpt := Receipt{
		Card:      card,
		Ride:      rideID,
		Spent:     ride.Price,
		Remaining: acct.Balance,
		ToppedUp:  toppedUp,
		At:        now,
	}
	b.mu.Unlock()
	return rcpt, nil
}

// Refund gives back the tokens of a ride that broke down mid-cycle.
func (b *Bank) Refund(card, rideID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	ride, ok := b.rides[rideID]
	if !ok {
		return ErrUnknownRide
	}
	acct, ok := b.accounts[card]
	if !ok {
		return ErrUnknownCard
	}
	acct.Balance += ride.Price
	if acct.ridesToday > 0 {
		acct.ridesToday--
	}
	b.pending = append(b.pending, LedgerEntry{Kind: EntryRide, Card: card, Ride: rideID, Tokens: ride.Price, At: b.now()})
	return nil
}
