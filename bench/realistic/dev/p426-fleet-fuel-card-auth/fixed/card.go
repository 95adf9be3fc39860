// Package fuelauth authorizes fleet fuel card purchases at the pump. It
// enforces the fleet's spending controls, obtains authorizations from the
// card network and holds the authorized amount until the pump reports the
// final sale or the hold expires. Amounts are in cents.
package fuelauth

import (
	"context"
	"errors"
	"time"
)

// Product is a purchase category as reported by the pump or POS.
type Product string

// Products accepted at fleet sites.
const (
	ProductDiesel   Product = "diesel"
	ProductUnleaded Product = "unleaded"
	ProductDEF      Product = "def"
	ProductStore    Product = "store"
)

// Errors returned by the Authorizer. They are wrapped with context, so
// compare with errors.Is.
var (
	ErrCardInactive     = errors.New("fuelauth: card inactive")
	ErrOverTxnLimit     = errors.New("fuelauth: over per-transaction limit")
	ErrOverDailyLimit   = errors.New("fuelauth: over daily limit")
	ErrOverProductLimit = errors.New("fuelauth: over product limit")
	ErrDeclined         = errors.New("fuelauth: declined by network")
	ErrUnknownHold      = errors.New("fuelauth: unknown hold")
	ErrOverHold         = errors.New("fuelauth: sale exceeds authorized amount")
)

// Card holds the spending controls a fleet manager has set on a card.
type Card struct {
	PAN         string
	FleetID     string
	Active      bool
	PerTxnLimit int64
	DailyLimit  int64
	// ProductLimits optionally caps daily spend per product, e.g. to keep
	// drivers from using the card in the shop.
	ProductLimits map[Product]int64
}

func (c Card) masked() string {
	if len(c.PAN) <= 4 {
		return c.PAN
	}
	return "****" + c.PAN[len(c.PAN)-4:]
}

// CardStore looks up cards and their controls.
type CardStore interface {
	Card(ctx context.Context, pan string) (Card, error)
}

// NetworkRequest is sent to the card network to authorize a purchase.
type NetworkRequest struct {
	PAN        string
	MerchantID string
	Product    Product
	Amount     int64
}

// NetworkResponse is the card network's answer.
type NetworkResponse struct {
	Approved    bool
	AuthCode    string
	DeclineCode string
}

// Network is the card network (or processor) connection.
type Network interface {
	Authorize(ctx context.Context, req NetworkRequest) (NetworkResponse, error)
	Capture(ctx context.Context, authCode string, amount int64) error
	Reverse(ctx context.Context, authCode string, amount int64) error
}

// Ticker delivers periodic ticks.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type realClock struct{}

type realTicker struct{ t *time.Ticker }

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

func (r realTicker) C() <-chan time.Time { return r.t.C }

func (r realTicker) Stop() { r.t.Stop() }
