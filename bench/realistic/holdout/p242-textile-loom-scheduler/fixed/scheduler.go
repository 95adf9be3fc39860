// Package loom schedules customer weaving orders across the looms of a mill.
package loom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Scheduler.
type Config struct {
	Looms LoomPool
	Stock YarnStock
	// Workers is the number of orders woven concurrently. Defaults to 4.
	Workers int
	// MaxShafts is the most shafts any loom in the mill can drive.
	MaxShafts int
	// DeferShortOrders puts orders whose yarn is short back for the next
	// run instead of failing the whole batch.
	DeferShortOrders bool
	Logger           *log.Logger
}

// Scheduler runs batches of orders on a LoomPool.
type Scheduler struct {
	cfg Config
	log *log.Logger
}

// Batch is the result of one scheduling run.
type Batch struct {
	Woven    []Outcome
	Failed   []Outcome
	Deferred []string
}

type job struct {
	order Order
	res   Reservation
}

// New checks cfg and returns a Scheduler.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Looms == nil || cfg.Stock == nil {
		return nil, errors.New("loom: Looms and Stock are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	l := cfg.Logger
	if l == nil {
		l = log.New(io.Discard, "", 0)
	}
	return &Scheduler{cfg: cfg, log: l}, nil
}

// Run reserves yarn for each order in priority order and weaves the orders
// on up to cfg.Workers looms at once.
func (s *Scheduler) Run(ctx context.Context, orders []Order) (*Batch, error) {
	for _, o := range orders {
		if err := o.Validate(s.cfg.MaxShafts); err != nil {
			return nil, err
		}
	}
	q := queue(orders)
	batch := &Batch{}
	if len(q) == 0 {
		return batch, nil
	}

	jobs := make(chan job)
	results := make(chan Outcome, len(q))
	var wg sync.WaitGroup
	for i := 0; i < s.cfg.Workers && i < len(q); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.worker(ctx, jobs, results)
		}()
	}

	for _, o := range q {
		need := o.YarnMeters()
		res, err := s.cfg.Stock.Reserve(ctx, o.Yarn, need)
		if errors.Is(err, ErrOutOfStock) && s.cfg.DeferShortOrders {
			s.log.Printf("loom: deferring %s: %.0fm of %s not in stock", o.ID, need, o.Yarn)
			batch.Deferred = append(batch.Deferred, o.ID)
			continue
		}
		if err != nil {
			close(jobs)
			wg.Wait()
			return nil, fmt.Errorf("loom: reserving %.0fm of %s for %s: %w", need, o.Yarn, o.ID, err)
		}
		select {
		case jobs <- job{order: o, res: res}:
		case <-ctx.Done():
			if rerr := res.Release(); rerr != nil {
				s.log.Printf("loom: releasing yarn for %s: %v", o.ID, rerr)
			}
			close(jobs)
			wg.Wait()
			return nil, ctx.Err()
		}
	}
	close(jobs)
	wg.Wait()
	close(results)

	for r := range results {
		if r.Err != nil {
			batch.Failed = append(batch.Failed, r)
		} else {
			batch.Woven = append(batch.Woven, r)
		}
	}
	sort.Slice(batch.Woven, func(i, j int) bool { return batch.Woven[i].Started.Before(batch.Woven[j].Started) })
	s.log.Printf("loom: batch done: %d woven, %d failed, %d deferred",
		len(batch.Woven), len(batch.Failed), len(batch.Deferred))
	return batch, nil
}

func (s *Scheduler) worker(ctx context.Context, jobs <-chan job, results chan<- Outcome) {
	for j := range jobs {
		results <- s.weave(ctx, j)
	}
}

func (s *Scheduler) weave(ctx context.Context, j job) Outcome {
	out := Outcome{OrderID: j.order.ID, Started: time.Now()}
	loom, err := s.cfg.Looms.Acquire(ctx, j.order.Pattern.WidthCM)
	if err != nil {
		out.Err = fmt.Errorf("loom: no loom for %s: %w", j.order.ID, err)
		s.giveBack(j)
		return out
	}
	defer s.cfg.Looms.Release(loom)
	out.Loom = loom.Name()

	spec := WeaveSpec{
		OrderID:    j.order.ID,
		Pattern:    j.order.Pattern,
		Ends:       j.order.Ends(),
		LengthM:    j.order.LengthM,
		PicksPerCM: j.order.Pattern.PicksPerCM,
	}
	s.log.Printf("loom: %s weaving %s (%d ends, %.1fm of %s)", out.Loom, spec.OrderID, spec.Ends, spec.LengthM, spec.Pattern.Name)
	if err := loom.Weave(ctx, spec); err != nil {
		out.Err = fmt.Errorf("loom: %s on %s: %w", j.order.ID, out.Loom, err)
		s.giveBack(j)
		return out
	}
	out.Duration = time.Since(out.Started)
	if err := j.res.Commit(); err != nil {
		s.log.Printf("loom: committing yarn for %s: %v", j.order.ID, err)
	}
	return out
}

func (s *Scheduler) giveBack(j job) {
	if err := j.res.Release(); err != nil {
		s.log.Printf("loom: releasing yarn for %s: %v", j.order.ID, err)
	}
}
