package repairbench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Option configures a Bench.
type Option func(*Bench)

// WithClockmakers sets who works at the bench; each takes one ticket at a time.
func WithClockmakers(names ...string) Option {
	return func(b *Bench) { b.clockmakers = append([]string(nil), names...) }
}

// WithStock fills the parts drawer.
func WithStock(stock map[string]int) Option {
	return func(b *Bench) {
		for part, n := range stock {
			b.stock[part] += n
		}
	}
}

// WithLogger sets the bench log.
func WithLogger(l *log.Logger) Option {
	return func(b *Bench) { b.log = l }
}

// WithOnComplete registers a callback for every ticket handed back,
// repaired or not.
func WithOnComplete(fn func(Report, error)) Option {
	return func(b *Bench) { b.onComplete = fn }
}

// Bench is a shared workbench with a queue of tickets and a parts drawer.
type Bench struct {
	repairer    Repairer
	clockmakers []string
	log         *log.Logger
	onComplete  func(Report, error)
	now         func() time.Time

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []*Ticket
	inHand   map[string]string
	stock    map[string]int
	open     bool
	closed   bool
	repaired int
	returned int
}

// New returns a closed-for-business bench; call Open to start work.
func New(r Repairer, opts ...Option) (*Bench, error) {
	if r == nil {
		return nil, errors.New("repairbench: nil repairer")
	}
	b := &Bench{
		repairer:    r,
		clockmakers: []string{"bench"},
		log:         log.New(io.Discard, "", 0),
		onComplete:  func(Report, error) {},
		now:         time.Now,
		inHand:      make(map[string]string),
		stock:       make(map[string]int),
	}
	b.cond = sync.NewCond(&b.mu)
	for _, opt := range opts {
		opt(b)
	}
	if len(b.clockmakers) == 0 {
		return nil, errors.New("repairbench: nobody at the bench")
	}
	return b, nil
}

// Open sets every clockmaker to work. Repairs run under ctx.
func (b *Bench) Open(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if b.open {
		return ErrAlreadyOpen
	}
	b.open = true
	for _, name := range b.clockmakers {
		go b.work(ctx, name)
	}
	b.log.Printf("repairbench: open with %d clockmakers, %d tickets waiting", len(b.clockmakers), len(b.queue))
	return nil
}

// Submit puts a ticket on the bench.
func (b *Bench) Submit(t Ticket) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if t.Received.IsZero() {
		t.Received = b.now()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if _, ok := b.inHand[t.ID]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicate, t.ID)
	}
	for _, q := range b.queue {
		if q.ID == t.ID {
			return fmt.Errorf("%w: %s", ErrDuplicate, t.ID)
		}
	}
	b.queue = append(b.queue, &t)
	b.cond.Signal()
	return nil
}

// Receive adds a delivery from the material house to the parts drawer.
func (b *Bench) Receive(part string, qty int) {
	if qty <= 0 {
		return
	}
	b.mu.Lock()
	b.stock[part] += qty
	b.cond.Broadcast()
	b.mu.Unlock()
	b.log.Printf("repairbench: received %d x %s", qty, part)
}

// Awaiting lists queued tickets that cannot start for want of parts.
func (b *Bench) Awaiting() []Shortage {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Shortage
	for _, t := range b.queue {
		var missing []string
		for _, part := range t.partList() {
			if b.stock[part] < t.Parts[part] {
				missing = append(missing, part)
			}
		}
		if len(missing) > 0 {
			out = append(out, Shortage{TicketID: t.ID, Parts: missing})
		}
	}
	return out
}

// Counts returns how many tickets have been repaired and how many handed
// back unrepaired.
func (b *Bench) Counts() (repaired, returned int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.repaired, b.returned
}

// Close stops the bench taking new tickets and tells the clockmakers to
// finish up.
func (b *Bench) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	b.cond.Broadcast()
	b.log.Printf("repairbench: closing with %d tickets queued, %d in hand", len(b.queue), len(b.inHand))
}
