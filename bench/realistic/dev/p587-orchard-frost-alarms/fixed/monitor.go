package frostwatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	ErrStopped      = errors.New("frostwatch: monitor stopped")
	ErrUnknownBlock = errors.New("frostwatch: unknown block")
)

// Monitor turns canopy readings into frost alarms for an orchard.
type Monitor struct {
	cfg      Config
	pager    Pager
	readings chan Reading

	mu      sync.Mutex
	blocks  map[string]Block
	levels  map[string]Level
	lastAt  map[string]time.Time
	paged   int
	cancel  context.CancelFunc
	done    chan struct{}
	stopped bool
}

// New builds a Monitor for the given blocks.
func New(blocks []Block, pager Pager, opts ...Option) (*Monitor, error) {
	if pager == nil {
		return nil, errors.New("frostwatch: nil pager")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &Monitor{
		cfg:      cfg,
		pager:    pager,
		readings: make(chan Reading, cfg.QueueSize),
		blocks:   make(map[string]Block, len(blocks)),
		levels:   make(map[string]Level, len(blocks)),
		lastAt:   make(map[string]time.Time, len(blocks)),
	}
	for _, b := range blocks {
		if _, err := thresholdsFor(b.Stage, cfg); err != nil {
			return nil, fmt.Errorf("frostwatch: block %s: %w", b.ID, err)
		}
		m.blocks[b.ID] = b
	}
	if cfg.autoStart {
		if err := m.Start(context.Background()); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Start begins processing readings until ctx is done or Stop is called.
func (m *Monitor) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	if m.cancel != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	m.cancel = cancel
	m.done = make(chan struct{})
	go m.run(ctx, m.done)
	m.cfg.Logger.Printf("frostwatch: watching %d blocks", len(m.blocks))
	return nil
}

// Stop ends processing and waits for the reading loop to return.
func (m *Monitor) Stop() {
	m.mu.Lock()
	cancel, done := m.cancel, m.done
	m.cancel, m.done = nil, nil
	m.stopped = true
	m.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// Ingest queues a reading from the sensor gateway.
func (m *Monitor) Ingest(ctx context.Context, r Reading) error {
	m.mu.Lock()
	_, known := m.blocks[r.Block]
	stopped := m.stopped
	m.mu.Unlock()
	if stopped {
		return ErrStopped
	}
	if !known {
		return fmt.Errorf("%w %q", ErrUnknownBlock, r.Block)
	}
	select {
	case m.readings <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SetStage records that a block has moved to a new bud stage.
func (m *Monitor) SetStage(block string, stage BudStage) error {
	if _, err := thresholdsFor(stage, m.cfg); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blocks[block]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownBlock, block)
	}
	b.Stage = stage
	m.blocks[block] = b
	return nil
}

// Level reports the current alarm level of a block.
func (m *Monitor) Level(block string) Level {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.levels[block]
}

// Paged reports how many alerts have been delivered.
func (m *Monitor) Paged() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.paged
}

func (m *Monitor) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	for {
		select {
		case r := <-m.readings:
			m.handle(ctx, r)
		case <-ctx.Done():
			return
		}
	}
}

func (m *Monitor) handle(ctx context.Context, r Reading) {
	m.mu.Lock()
	b := m.blocks[r.Block]
	if last := m.lastAt[r.Block]; !r.TakenAt.IsZero() && r.TakenAt.Before(last) {
		m.mu.Unlock()
		m.cfg.Logger.Printf("frostwatch: %s: dropping out-of-order reading from %s", r.Block, r.TakenAt)
		return
	}
	m.lastAt[r.Block] = r.TakenAt
	th, err := thresholdsFor(b.Stage, m.cfg)
	if err != nil {
		m.mu.Unlock()
		m.cfg.Logger.Printf("frostwatch: %s: %v", r.Block, err)
		return
	}
	prev := m.levels[r.Block]
	next := evaluate(prev, r.TempC, th, m.cfg.HysteresisC)
	m.levels[r.Block] = next
	m.mu.Unlock()

	if next == prev {
		return
	}
	a := Alert{Block: r.Block, Level: next, TempC: r.TempC, Message: message(b, next, r, th)}
	pctx, cancel := context.WithTimeout(ctx, m.cfg.PageTimeout)
	defer cancel()
	if err := m.pager.Page(pctx, a); err != nil {
		m.cfg.Logger.Printf("frostwatch: paging %s %v failed: %v", r.Block, next, err)
		return
	}
	m.mu.Lock()
	m.paged++
	m.mu.Unlock()
}
