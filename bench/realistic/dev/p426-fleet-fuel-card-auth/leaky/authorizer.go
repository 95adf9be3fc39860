package fuelauth

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"sync"
	"time"
)

// Request is a pump's request to authorize a card before fuelling.
type Request struct {
	PAN        string
	MerchantID string
	Product    Product
	Amount     int64
}

// Hold is an authorized amount reserved on a card until the sale completes.
type Hold struct {
	ID        string
	PAN       string
	Product   Product
	AuthCode  string
	Amount    int64
	CreatedAt time.Time
}

// Config configures an Authorizer.
type Config struct {
	Cards   CardStore
	Network Network
	// Clock defaults to the wall clock.
	Clock Clock
	// HoldTTL is how long an uncompleted hold is kept before it is reversed.
	HoldTTL time.Duration
	// SweepInterval is how often expired holds are looked for.
	SweepInterval time.Duration
	// Logger receives problems that cannot be returned to a caller.
	Logger *log.Logger
}

// Authorizer authorizes purchases and tracks pending holds.
type Authorizer struct {
	cfg    Config
	cancel context.CancelFunc

	mu      sync.RWMutex
	holds   map[string]*Hold
	spent   map[string]map[Product]int64 // settled today, by card then product
	day     string
	counter uint64
}

// New validates cfg and starts an Authorizer. Call Close to stop it.
func New(cfg Config) (*Authorizer, error) {
	if cfg.Cards == nil || cfg.Network == nil {
		return nil, errors.New("fuelauth: Cards and Network are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.HoldTTL <= 0 {
		cfg.HoldTTL = 30 * time.Minute
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = time.Minute
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &Authorizer{
		cfg:    cfg,
		cancel: cancel,
		holds:  make(map[string]*Hold),
		spent:  make(map[string]map[Product]int64),
		day:    cfg.Clock.Now().Format("2006-01-02"),
	}
	go a.sweep(ctx, cfg.Clock.NewTicker(cfg.SweepInterval))
	return a, nil
}

// Close stops background work. Pending holds are left with the network,
// which expires them on its own schedule.
func (a *Authorizer) Close() { a.cancel() }

// Authorize checks the card's controls, asks the network for an
// authorization and reserves the amount on the card.
func (a *Authorizer) Authorize(ctx context.Context, req Request) (*Hold, error) {
	card, err := a.cfg.Cards.Card(ctx, req.PAN)
	if err != nil {
		return nil, fmt.Errorf("look up card: %w", err)
	}
	if err := a.checkLimits(card, req); err != nil {
		return nil, err
	}
	resp, err := a.cfg.Network.Authorize(ctx, NetworkRequest(req))
	if err != nil {
		return nil, fmt.Errorf("authorize card %s: %w", card.masked(), err)
	}
	if !resp.Approved {
		return nil, fmt.Errorf("%w: card %s: code %s", ErrDeclined, card.masked(), resp.DeclineCode)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	a.counter++
	h := &Hold{
		ID:        "h" + strconv.FormatUint(a.counter, 10),
		PAN:       req.PAN,
		Product:   req.Product,
		AuthCode:  resp.AuthCode,
		Amount:    req.Amount,
		CreatedAt: a.cfg.Clock.Now(),
	}
	a.holds[h.ID] = h
	return h, nil
}

// checkLimits reports whether req fits within card's controls, counting
// both settled sales and outstanding holds.
func (a *Authorizer) checkLimits(card Card, req Request) error {
	if !card.Active {
		return fmt.Errorf("%w: card %s", ErrCardInactive, card.masked())
	}
	if card.PerTxnLimit > 0 && req.Amount > card.PerTxnLimit {
		return fmt.Errorf("%w: card %s: %d > %d", ErrOverTxnLimit, card.masked(), req.Amount, card.PerTxnLimit)
	}

	a.mu.RLock()
	if limit, ok := card.ProductLimits[req.Product]; ok {
		used := a.usedLocked(card.PAN, req.Product)
		if used+req.Amount > limit {
			return fmt.Errorf("%w: card %s: %s %d+%d > %d", ErrOverProductLimit, card.masked(), req.Product, used, req.Amount, limit)
		}
	}
	used := a.usedLocked(card.PAN, "")
	a.mu.RUnlock()

	if card.DailyLimit > 0 && used+req.Amount > card.DailyLimit {
		return fmt.Errorf("%w: card %s: %d+%d > %d", ErrOverDailyLimit, card.masked(), used, req.Amount, card.DailyLimit)
	}
	return nil
}

// usedLocked sums today's settled spend and outstanding holds for a card,
// for one product or, if product is empty, for all of them. a.mu must be
// held.
func (a *Authorizer) usedLocked(pan string, product Product) int64 {
	var total int64
	for p, amt := range a.spent[pan] {
		if product == "" || p == product {
			total += amt
		}
	}
	for _, h := range a.holds {
		if h.PAN == pan && (product == "" || h.Product == product) {
			total += h.Amount
		}
	}
	return total
}

// Complete settles a hold for the final sale amount reported by the pump.
func (a *Authorizer) Complete(ctx context.Context, holdID string, amount int64) error {
	a.mu.Lock()
	h, ok := a.holds[holdID]
	if !ok {
		a.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownHold, holdID)
	}
	if amount > h.Amount {
		a.mu.Unlock()
		return fmt.Errorf("%w: hold %s: %d > %d", ErrOverHold, holdID, amount, h.Amount)
	}
	delete(a.holds, holdID)
	a.mu.Unlock()

	if err := a.cfg.Network.Capture(ctx, h.AuthCode, amount); err != nil {
		a.mu.Lock()
		a.holds[holdID] = h
		a.mu.Unlock()
		return fmt.Errorf("capture hold %s: %w", holdID, err)
	}

	a.mu.Lock()
	if a.spent[h.PAN] == nil {
		a.spent[h.PAN] = make(map[Product]int64)
	}
	a.spent[h.PAN][h.Product] += amount
	a.mu.Unlock()
	return nil
}
