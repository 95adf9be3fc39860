package bakery

import (
	"context"
	"log"
	"sort"
	"sync"
)

// Stats is a snapshot of batcher activity for the shop-floor display.
type Stats struct {
	Submitted   int
	Queued      int
	Batches     int
	BakedOrders int
	Failed      int
	IdleLines   int
}

// Batcher queues orders per program and hands full batches to idle oven
// lines. Orders left over when the batcher is closed are baked in partial
// batches by Close.
type Batcher struct {
	cfg  Config
	oven Oven
	log  *log.Logger

	mu       sync.Mutex
	cond     *sync.Cond
	queues   map[Program][]Order
	closed   bool
	stats    Stats
	inflight sync.WaitGroup
}

// New starts cfg.Lines oven lines feeding oven.
func New(oven Oven, cfg Config) (*Batcher, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	b := &Batcher{
		cfg:    cfg,
		oven:   oven,
		log:    cfg.Logger,
		queues: make(map[Program][]Order),
	}
	b.cond = sync.NewCond(&b.mu)
	for line := 1; line <= cfg.Lines; line++ {
		go b.runLine(line)
	}
	return b, nil
}

// Submit queues an order. It wakes an oven line when the order completes a
// batch.
func (b *Batcher) Submit(o Order) error {
	if err := o.validate(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	b.queues[o.Program] = append(b.queues[o.Program], o)
	b.stats.Submitted++
	if len(b.queues[o.Program]) >= b.cfg.BatchSize {
		b.cond.Signal()
	}
	return nil
}

// Stats returns current counters.
func (b *Batcher) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.stats
	for _, q := range b.queues {
		s.Queued += len(q)
	}
	return s
}

// readyLocked picks the program with a full batch whose oldest order is due
// first.
func (b *Batcher) readyLocked() (Program, bool) {
	var best Program
	found := false
	for p, q := range b.queues {
		if len(q) < b.cfg.BatchSize {
			continue
		}
		if !found || q[0].Due.Before(b.queues[best][0].Due) {
			best, found = p, true
		}
	}
	return best, found
}

func (b *Batcher) takeLocked(line int, p Program) Batch {
	q := b.queues[p]
	n := b.cfg.BatchSize
	if n > len(q) {
		n = len(q)
	}
	batch := b.newBatch(line, p, q[:n])
	if n == len(q) {
		delete(b.queues, p)
	} else {
		b.queues[p] = q[n:]
	}
	return batch
}

func (b *Batcher) newBatch(line int, p Program, orders []Order) Batch {
	batch := Batch{Line: line, Program: p, Orders: append([]Order(nil), orders...)}
	batch.Trays = (batch.Items() + b.cfg.TrayCapacity - 1) / b.cfg.TrayCapacity
	return batch
}

func (b *Batcher) runLine(line int) {
	b.mu.Lock()
	for {
		prog, ok := b.readyLocked()
		for !ok && !b.closed {
			b.stats.IdleLines++
			b.cond.Wait()
			b.stats.IdleLines--
			prog, ok = b.readyLocked()
		}
		if !ok {
			b.mu.Unlock()
			b.log.Printf("line %d: shut down", line)
			return
		}
		batch := b.takeLocked(line, prog)
		b.inflight.Add(1)
		b.mu.Unlock()

		err := b.bake(context.Background(), batch)
		b.inflight.Done()

		b.mu.Lock()
		b.record(batch, err)
	}
}

func (b *Batcher) bake(ctx context.Context, batch Batch) error {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.BakeTimeout)
	defer cancel()
	if err := b.oven.Bake(ctx, batch); err != nil {
		b.log.Printf("line %d: %s batch of %d orders failed: %v", batch.Line, batch.Program, len(batch.Orders), err)
		return err
	}
	return nil
}

// record updates counters for a finished bake; b.mu must be held.
func (b *Batcher) record(batch Batch, err error) {
	b.stats.Batches++
	if err != nil {
		b.stats.Failed += len(batch.Orders)
		return
	}
	b.stats.BakedOrders += len(batch.Orders)
}

// Close stops accepting orders, waits for batches already in the ovens and
// bakes whatever is still queued in partial batches. It returns the first
// bake error, if any.
func (b *Batcher) Close(ctx context.Context) error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	b.closed = true
	rest := b.queues
	b.queues = make(map[Program][]Order)
	b.cond.Broadcast()
	b.mu.Unlock()

	b.inflight.Wait()

	progs := make([]Program, 0, len(rest))
	for p := range rest {
		progs = append(progs, p)
	}
	sort.Slice(progs, func(i, j int) bool { return progs[i] < progs[j] })

	var first error
	for _, p := range progs {
		q := rest[p]
		for len(q) > 0 {
			n := b.cfg.BatchSize
			if n > len(q) {
				n = len(q)
			}
			batch := b.newBatch(0, p, q[:n])
			q = q[n:]
			err := b.bake(ctx, batch)
			b.mu.Lock()
			b.record(batch, err)
			b.mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}
