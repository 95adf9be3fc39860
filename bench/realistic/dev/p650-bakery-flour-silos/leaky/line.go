package flour

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Batch is one dough batch to be mixed.
type Batch struct {
	ID        string
	Product   string
	FlourType string
	FlourKg   float64
	WaterL    float64
}

// BatchResult is reported once per submitted batch.
type BatchResult struct {
	Batch    Batch
	Mixer    int
	Started  time.Time
	Finished time.Time
	Err      error
}

// Mixer drives the physical spiral mixers.
type Mixer interface {
	Mix(ctx context.Context, mixer int, b Batch) error
}

// Supplier is the mill's ordering API.
type Supplier interface {
	RequestDelivery(ctx context.Context, silo, flourType string, kg float64) error
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Line.
type Option func(*Line)

func WithMixers(n int) Option                 { return func(l *Line) { l.mixers = n } }
func WithLogger(lg Logger) Option             { return func(l *Line) { l.log = lg } }
func WithSupplier(s Supplier) Option          { return func(l *Line) { l.supplier = s } }
func WithMixTimeout(d time.Duration) Option   { return func(l *Line) { l.mixTimeout = d } }
func WithOnBatch(fn func(BatchResult)) Option { return func(l *Line) { l.onBatch = fn } }
func WithQueueDepth(n int) Option             { return func(l *Line) { l.queueDepth = n } }

// Line is a dough production line: a pool of mixers fed from flour silos.
type Line struct {
	silos      map[string]*Silo
	mixer      Mixer
	supplier   Supplier
	log        Logger
	onBatch    func(BatchResult)
	mixers     int
	queueDepth int
	mixTimeout time.Duration

	jobs      chan Batch
	ctx       context.Context
	cancel    context.CancelFunc
	startOnce sync.Once
	closeOnce sync.Once
	closed    chan struct{}
}

// NewLine builds a line over the given silos. Call Start to begin mixing.
func NewLine(silos []*Silo, mixer Mixer, opts ...Option) (*Line, error) {
	if mixer == nil {
		return nil, errors.New("flour: line needs a mixer driver")
	}
	l := &Line{
		silos:      make(map[string]*Silo, len(silos)),
		mixer:      mixer,
		log:        log.Default(),
		onBatch:    func(BatchResult) {},
		mixers:     2,
		queueDepth: 16,
		mixTimeout: 12 * time.Minute,
		closed:     make(chan struct{}),
	}
	for _, o := range opts {
		o(l)
	}
	for _, s := range silos {
		if _, dup := l.silos[s.FlourType()]; dup {
			return nil, fmt.Errorf("flour: two silos hold %s", s.FlourType())
		}
		l.silos[s.FlourType()] = s
	}
	if l.mixers < 1 {
		return nil, fmt.Errorf("flour: %d mixers", l.mixers)
	}
	l.jobs = make(chan Batch, l.queueDepth)
	l.ctx, l.cancel = context.WithCancel(context.Background())
	return l, nil
}

// Start launches the mixer workers.
func (l *Line) Start() {
	l.startOnce.Do(func() {
		for i := 1; i <= l.mixers; i++ {
			go l.work(i)
		}
		l.log.Printf("line started with %d mixers", l.mixers)
	})
}

// Submit queues a batch for mixing.
func (l *Line) Submit(ctx context.Context, b Batch) error {
	if _, ok := l.silos[b.FlourType]; !ok {
		return fmt.Errorf("%w: %s (batch %s)", ErrUnknownFlourType, b.FlourType, b.ID)
	}
	select {
	case <-l.closed:
		return ErrSiloClosed
	default:
	}
	select {
	case l.jobs <- b:
		return nil
	case <-l.closed:
		return ErrSiloClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Waiting reports how many mixers are waiting for flour.
func (l *Line) Waiting() int {
	n := 0
	for _, s := range l.silos {
		n += s.Stats().Waiting
	}
	return n
}

func (l *Line) work(id int) {
	for {
		select {
		case <-l.closed:
			return
		case b := <-l.jobs:
			res := l.mix(id, b)
			if res.Err != nil {
				l.log.Printf("mixer %d: batch %s (%s): %v", id, b.ID, b.Product, res.Err)
			}
			l.onBatch(res)
		}
	}
}

func (l *Line) mix(id int, b Batch) BatchResult {
	res := BatchResult{Batch: b, Mixer: id, Started: time.Now()}
	silo := l.silos[b.FlourType]
	receipt, err := silo.Draw(b.FlourKg)
	if err != nil {
		res.Err = fmt.Errorf("drawing %.1f kg %s: %w", b.FlourKg, b.FlourType, err)
		res.Finished = time.Now()
		return res
	}
	if receipt.Reorder {
		l.reorder(silo, receipt.RemainingKg)
	}
	ctx, cancel := context.WithTimeout(l.ctx, l.mixTimeout)
	defer cancel()
	res.Err = l.mixer.Mix(ctx, id, b)
	res.Finished = time.Now()
	return res
}

func (l *Line) reorder(s *Silo, remainingKg float64) {
	if l.supplier == nil {
		l.log.Printf("silo %s low (%.0f kg) and no supplier configured", s.Name(), remainingKg)
		return
	}
	ctx, cancel := context.WithTimeout(l.ctx, 10*time.Second)
	defer cancel()
	kg := s.CapacityKg() - remainingKg
	if err := l.supplier.RequestDelivery(ctx, s.Name(), s.FlourType(), kg); err != nil {
		l.log.Printf("silo %s: delivery request for %.0f kg failed: %v", s.Name(), kg, err)
	}
}

// Close stops the line: queued batches are abandoned, running mixes are
// cancelled and the silos are taken out of service.
func (l *Line) Close() {
	l.closeOnce.Do(func() {
		close(l.closed)
		l.cancel()
		for _, s := range l.silos {
			s.Close()
		}
		l.log.Printf("line closed")
	})
}
