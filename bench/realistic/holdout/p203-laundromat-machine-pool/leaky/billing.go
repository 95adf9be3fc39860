package laundromat

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Cents is an amount of money in the smallest currency unit.
type Cents int64

func (c Cents) String() string { return fmt.Sprintf("$%d.%02d", c/100, c%100) }

// MachineKind is the type of appliance.
type MachineKind int

const (
	Washer MachineKind = iota + 1
	Dryer
)

func (k MachineKind) String() string {
	switch k {
	case Washer:
		return "washer"
	case Dryer:
		return "dryer"
	}
	return fmt.Sprintf("MachineKind(%d)", int(k))
}

// Program is a wash or dry cycle a customer can pick on the machine panel.
type Program struct {
	Name     string
	Kind     MachineKind
	Duration time.Duration
	Price    Cents
}

// DefaultPrograms is the programme card printed on the machines.
var DefaultPrograms = []Program{
	{Name: "quick", Kind: Washer, Duration: 30 * time.Minute, Price: 350},
	{Name: "normal", Kind: Washer, Duration: 45 * time.Minute, Price: 450},
	{Name: "heavy", Kind: Washer, Duration: 60 * time.Minute, Price: 575},
	{Name: "low-heat", Kind: Dryer, Duration: 40 * time.Minute, Price: 300},
	{Name: "high-heat", Kind: Dryer, Duration: 30 * time.Minute, Price: 325},
}

// Receipt is returned by the payment processor for a successful charge.
type Receipt struct {
	ID     string
	Amount Cents
	At     time.Time
}

// PaymentProcessor charges a customer's card or app wallet.
type PaymentProcessor interface {
	Charge(ctx context.Context, card string, amount Cents, memo string) (Receipt, error)
}

// LoyaltyProgram looks up a percentage discount for a loyalty card.
type LoyaltyProgram interface {
	DiscountPercent(ctx context.Context, loyaltyID string) (int, error)
}

// DeclinedError is returned by processors when the issuer refuses the charge.
type DeclinedError struct {
	Code   string
	Reason string
}

func (e *DeclinedError) Error() string {
	return fmt.Sprintf("card declined (%s): %s", e.Code, e.Reason)
}

var (
	ErrUnknownMachine = errors.New("unknown machine")
	ErrUnknownProgram = errors.New("unknown program")
	ErrMachineBusy    = errors.New("machine busy")
	ErrOutOfOrder     = errors.New("machine out of order")
	ErrDoorOpen       = errors.New("door not closed")
)

func applyDiscount(price Cents, percent int) Cents {
	if percent <= 0 {
		return price
	}
	if percent > 50 {
		percent = 50
	}
	discounted := price - price*Cents(percent)/100
	return (discounted + 4) / 5 * 5
}
