package tokens

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Bank keeps token balances for the carousel and the other rides of the
// park, and ships every movement to the ledger in the background.
type Bank struct {
	cfg      Config
	payments PaymentGateway
	ledger   LedgerStore
	log      Logger
	now      func() time.Time

	mu       sync.Mutex
	accounts map[string]*Account
	rides    map[string]Ride
	pending  []LedgerEntry
	closed   bool

	cancel   context.CancelFunc
	stopOnce sync.Once
	flushed  chan error
}

// Option customises a Bank.
type Option func(*Bank)

// WithConfig replaces the default configuration.
func WithConfig(cfg Config) Option { return func(b *Bank) { b.cfg = cfg } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(b *Bank) { b.log = l } }

// WithClock overrides the time source.
func WithClock(now func() time.Time) Option { return func(b *Bank) { b.now = now } }

// New creates a bank and starts its ledger flusher.
func New(payments PaymentGateway, ledger LedgerStore, rides []Ride, opts ...Option) (*Bank, error) {
	b := &Bank{
		cfg:      DefaultConfig(),
		payments: payments,
		ledger:   ledger,
		log:      log.New(io.Discard, "", 0),
		now:      time.Now,
		accounts: make(map[string]*Account),
		rides:    make(map[string]Ride, len(rides)),
		flushed:  make(chan error, 1),
	}
	for _, o := range opts {
		o(b)
	}
	if b.cfg.BundleTokens <= 0 || b.cfg.FlushInterval <= 0 {
		return nil, fmt.Errorf("tokens: invalid config %+v", b.cfg)
	}
	for _, r := range rides {
		if r.Price <= 0 {
			return nil, fmt.Errorf("tokens: ride %s has no price", r.ID)
		}
		b.rides[r.ID] = r
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.flushLoop(ctx)
	return b, nil
}

// Open registers a card with an initial balance.
func (b *Bank) Open(acct Account) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if _, ok := b.accounts[acct.Card]; ok {
		return fmt.Errorf("tokens: card %s already registered", acct.Card)
	}
	a := acct
	b.accounts[acct.Card] = &a
	return nil
}

// SetRideOpen opens or closes a ride, for instance during maintenance.
func (b *Bank) SetRideOpen(id string, open bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rides[id]
	if !ok {
		return ErrUnknownRide
	}
	r.Open = open
	b.rides[id] = r
	return nil
}

// Balance returns the current balance of a card.
func (b *Bank) Balance(card string) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.accounts[card]
	if !ok {
		return 0, ErrUnknownCard
	}
	return a.Balance, nil
}

// Close stops accepting redemptions and writes the remaining ledger entries.
// It gives up waiting after ShutdownTimeout so that a slow ledger does not
// block the gate from shutting down.
func (b *Bank) Close() error {
	b.stopOnce.Do(b.cancel)
	select {
	case err := <-b.flushed:
		return err
	case <-time.After(b.cfg.ShutdownTimeout):
		b.log.Printf("tokens: final ledger flush did not finish within %s", b.cfg.ShutdownTimeout)
		return nil
	}
}

func (b *Bank) flushLoop(ctx context.Context) {
	t := time.NewTicker(b.cfg.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := b.flush(false); err != nil {
				b.log.Printf("tokens: ledger flush: %v", err)
			}
		case <-ctx.Done():
			b.flushed <- b.flush(true)
			return
		}
	}
}

// flush hands the pending entries to the ledger store. Entries are put back
// in front of the queue if the store rejects them. The final flush also
// marks the bank closed so that no entry can be added after it.
func (b *Bank) flush(final bool) error {
	b.mu.Lock() // leak: mutex left locked by Redeem's daily cap return
	batch := b.pending
	b.pending = nil
	if final {
		b.closed = true
	}
	b.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), b.cfg.FlushTimeout)
	defer cancel()
	if err := b.ledger.Append(ctx, batch); err != nil {
		b.mu.Lock()
		b.pending = append(batch, b.pending...)
		b.mu.Unlock()
		return fmt.Errorf("append %d entries: %w", len(batch), err)
	}
	b.log.Printf("tokens: wrote %d ledger entries", len(batch))
	return nil
}
