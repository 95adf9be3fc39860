package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Ledger records bids for the lots of one sale. Each open lot has its own
// goroutine so that bids on different lots never wait on each other.
type Ledger struct {
	store        Store
	now          func() time.Time
	log          interface{ Printf(string, ...any) }
	storeTimeout time.Duration
	increments   []incrementStep

	mu     sync.RWMutex
	inbox  map[string]chan bidRequest
	books  map[string]chan lotBook
	closed bool
}

// New returns a Ledger that persists to store.
func New(store Store, opts ...Option) *Ledger {
	l := &Ledger{
		store:        store,
		now:          time.Now,
		log:          defaultLogger(),
		storeTimeout: 2 * time.Second,
		increments:   defaultIncrements,
		inbox:        make(map[string]chan bidRequest),
		books:        make(map[string]chan lotBook),
	}
	for _, opt := range opts {
		opt(l)
	}
	return l
}

// OpenLot starts taking bids on lot.
func (l *Ledger) OpenLot(lot Lot) error {
	lot.ID = strings.TrimSpace(lot.ID)
	if lot.ID == "" || lot.OpeningBid <= 0 {
		return fmt.Errorf("%w: %q", ErrInvalidLot, lot.ID)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrLedgerClosed
	}
	if _, ok := l.inbox[lot.ID]; ok {
		return fmt.Errorf("%w: %s", ErrLotExists, lot.ID)
	}
	in := make(chan bidRequest)
	out := make(chan lotBook, 1)
	l.inbox[lot.ID] = in
	l.books[lot.ID] = out
	go l.runLot(lot, in, out)

	l.log.Printf("lot %s open: %q from %s, opening %s", lot.ID, lot.Title, lot.Seller, lot.OpeningBid)
	return nil
}

// PlaceBid submits a bid and waits for the lot to accept or reject it.
func (l *Ledger) PlaceBid(ctx context.Context, lotID, bidder string, amount Money) (Receipt, error) {
	req := bidRequest{
		bid:   Bid{LotID: lotID, Bidder: bidder, Amount: amount, At: l.now()},
		reply: make(chan bidReply, 1),
	}

	l.mu.RLock()
	in, ok := l.inbox[lotID]
	if !ok {
		l.mu.RUnlock()
		return Receipt{}, fmt.Errorf("%w: %s", ErrUnknownLot, lotID)
	}
	select {
	case in <- req:
	case <-ctx.Done():
		l.mu.RUnlock()
		return Receipt{}, ctx.Err()
	}
	l.mu.RUnlock()

	select {
	case r := <-req.reply:
		return r.receipt, r.err
	case <-ctx.Done():
		return Receipt{}, ctx.Err()
	}
}

// detach removes a lot from the sale so that no further bids reach it.
func (l *Ledger) detach(lotID string) (chan bidRequest, chan lotBook, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	in, ok := l.inbox[lotID]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s", ErrUnknownLot, lotID)
	}
	out := l.books[lotID]
	delete(l.inbox, lotID)
	delete(l.books, lotID)
	return in, out, nil
}

// CloseLot brings the hammer down on a lot and records the result.
func (l *Ledger) CloseLot(ctx context.Context, lotID string) (Settlement, error) {
	in, out, err := l.detach(lotID)
	if err != nil {
		return Settlement{}, err
	}
	close(in)

	var book lotBook
	select {
	case book = <-out:
	case <-ctx.Done():
		return Settlement{}, ctx.Err()
	}

	s := book.settle(l.now())
	wctx, cancel := context.WithTimeout(ctx, l.storeTimeout)
	defer cancel()
	if err := l.store.RecordSettlement(wctx, s); err != nil {
		return s, fmt.Errorf("ledger: record settlement for %s: %w", lotID, err)
	}
	if s.Sold {
		l.log.Printf("lot %s sold to %s for %s", lotID, s.Winner, s.Hammer)
	} else {
		l.log.Printf("lot %s %s", lotID, s.Note)
	}
	return s, nil
}

// WithdrawLot takes a lot out of the sale at the seller's request. Bids
// already placed are kept in the store for the audit trail.
func (l *Ledger) WithdrawLot(ctx context.Context, lotID, reason string) error {
	_, _, err := l.detach(lotID)
	if err != nil {
		return err
	}

	wctx, cancel := context.WithTimeout(ctx, l.storeTimeout)
	defer cancel()
	if err := l.store.RecordWithdrawal(wctx, lotID, reason); err != nil {
		return fmt.Errorf("ledger: record withdrawal of %s: %w", lotID, err)
	}
	l.log.Printf("lot %s withdrawn: %s", lotID, reason)
	return nil
}

// OpenLots lists the lots still taking bids.
func (l *Ledger) OpenLots() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	ids := make([]string, 0, len(l.inbox))
	for id := range l.inbox {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// EndSale stops new lots from opening and closes every lot still open.
func (l *Ledger) EndSale(ctx context.Context) ([]Settlement, error) {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()

	var (
		results  []Settlement
		firstErr error
	)
	for _, id := range l.OpenLots() {
		s, err := l.CloseLot(ctx, id)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		results = append(results, s)
	}
	return results, firstErr
}
