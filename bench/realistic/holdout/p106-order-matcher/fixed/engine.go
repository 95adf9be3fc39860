package matching

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var (
	// ErrClosed is returned by commands submitted after Close.
	ErrClosed = errors.New("matching: engine closed")
	// ErrHalted is returned by commands submitted after the engine stopped
	// because it could no longer journal its input.
	ErrHalted = errors.New("matching: engine halted")
	// ErrRejected is returned for orders that fail validation.
	ErrRejected = errors.New("matching: order rejected")
)

// Kind identifies a journalled command.
type Kind uint8

// Command kinds.
const (
	KindNew Kind = iota + 1
	KindCancel
)

// Entry is one sequenced command as written to the journal.
type Entry struct {
	Seq    uint64
	Kind   Kind
	Symbol string
	Order  Order  // for KindNew
	Cancel string // order id, for KindCancel
}

// Journal durably records commands before they are applied, so the books
// can be rebuilt by replaying it.
type Journal interface {
	Append(e Entry) error
}

// Ack confirms that a command was sequenced and applied.
type Ack struct {
	Seq    uint64
	Trades []Trade
}

// Config configures an Engine.
type Config struct {
	Journal Journal
	Symbols []string
	// TradeBuffer is the number of trades that may be queued for
	// subscribers before the sequencer waits for them. Defaults to 1024.
	TradeBuffer int
}

type command struct {
	entry Entry
	reply chan result
}

type result struct {
	ack Ack
	err error
}

// Engine is an order matching engine. All methods are safe for concurrent
// use.
type Engine struct {
	cfg    Config
	books  map[string]*Book
	seq    uint64
	cmds   chan command
	trades chan Trade
	notify *notifier

	quit      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once

	mu     sync.Mutex
	halted error
}

// New starts an engine with an empty book for each configured symbol.
func New(cfg Config) (*Engine, error) {
	if cfg.Journal == nil {
		return nil, errors.New("matching: journal is required")
	}
	if len(cfg.Symbols) == 0 {
		return nil, errors.New("matching: no symbols configured")
	}
	if cfg.TradeBuffer <= 0 {
		cfg.TradeBuffer = 1024
	}
	e := &Engine{
		cfg:     cfg,
		books:   make(map[string]*Book, len(cfg.Symbols)),
		cmds:    make(chan command),
		trades:  make(chan Trade, cfg.TradeBuffer),
		notify:  newNotifier(),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	for _, s := range cfg.Symbols {
		e.books[s] = NewBook(s)
	}
	go e.notify.run(e.trades)
	go e.run()
	return e, nil
}

// Subscribe registers fn to be called, in sequence order, for every trade.
// fn runs on the engine's notification goroutine and should not block.
// The returned function removes the subscription.
func (e *Engine) Subscribe(fn func(Trade)) (unsubscribe func()) {
	return e.notify.subscribe(fn)
}

// Submit sequences a new limit order and returns once it has been matched.
func (e *Engine) Submit(ctx context.Context, symbol string, o Order) (Ack, error) {
	if o.ID == "" || o.Qty <= 0 || o.Price <= 0 || (o.Side != Buy && o.Side != Sell) {
		return Ack{}, fmt.Errorf("%w: invalid order %+v", ErrRejected, o)
	}
	return e.do(ctx, Entry{Kind: KindNew, Symbol: symbol, Order: o})
}

// Cancel sequences the cancellation of a resting order.
func (e *Engine) Cancel(ctx context.Context, symbol, orderID string) (Ack, error) {
	return e.do(ctx, Entry{Kind: KindCancel, Symbol: symbol, Cancel: orderID})
}

func (e *Engine) do(ctx context.Context, entry Entry) (Ack, error) {
	cmd := command{entry: entry, reply: make(chan result, 1)}
	select {
	case e.cmds <- cmd:
	case <-e.stopped:
		return Ack{}, e.stopErr()
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
	select {
	case r := <-cmd.reply:
		return r.ack, r.err
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
}

// Close stops the sequencer and waits for it to exit. Trades that were
// already sequenced are still delivered to subscribers in the background.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() { close(e.quit) })
	<-e.stopped
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.halted
}

func (e *Engine) stopErr() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.halted != nil {
		return fmt.Errorf("%w: %v", ErrHalted, e.halted)
	}
	return ErrClosed
}

// run is the sequencer. It owns the books and the sequence counter.
func (e *Engine) run() {
	defer close(e.stopped)
	defer close(e.trades)
	for {
		select {
		case <-e.quit:
			return
		case cmd := <-e.cmds:
			res, err := e.apply(cmd.entry)
			if err != nil {
				// The journal is behind the books' view of the world;
				// accepting more input would make replay diverge.
				e.mu.Lock()
				e.halted = err
				e.mu.Unlock()
				cmd.reply <- result{err: err}
				return
			}
			cmd.reply <- res
		}
	}
}

// apply journals and executes one command. Rejections are reported in the
// result; a non-nil error means the engine can no longer make progress.
func (e *Engine) apply(entry Entry) (result, error) {
	book, ok := e.books[entry.Symbol]
	if !ok {
		return result{err: fmt.Errorf("%w: unknown symbol %q", ErrRejected, entry.Symbol)}, nil
	}
	if _, dup := book.live[entry.Order.ID]; dup && entry.Kind == KindNew {
		return result{err: fmt.Errorf("%w: duplicate order id %q", ErrRejected, entry.Order.ID)}, nil
	}
	entry.Seq = e.seq + 1
	if err := e.cfg.Journal.Append(entry); err != nil {
		return result{}, fmt.Errorf("matching: journal seq %d: %w", entry.Seq, err)
	}
	e.seq = entry.Seq

	ack := Ack{Seq: entry.Seq}
	switch entry.Kind {
	case KindNew:
		ack.Trades = book.Match(entry.Order)
		for i := range ack.Trades {
			ack.Trades[i].Seq = entry.Seq
			e.trades <- ack.Trades[i]
		}
	case KindCancel:
		if !book.Cancel(entry.Cancel) {
			return result{ack: ack, err: fmt.Errorf("%w: order %q not found", ErrRejected, entry.Cancel)}, nil
		}
	}
	return result{ack: ack}, nil
}
