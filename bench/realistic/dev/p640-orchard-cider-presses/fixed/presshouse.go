package cider

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

// Config describes the press house.
type Config struct {
	Presses           int
	ReadingBuffer     int
	PatulinLimitPPB   float64
	MinBrix           float64
	SingleVarietyBrix float64
	Tanks             map[Grade]string
	Logger            *log.Logger
}

// Option adjusts the Config of a PressHouse.
type Option func(*Config)

// WithPresses sets the number of presses that can run at once.
func WithPresses(n int) Option { return func(c *Config) { c.Presses = n } }

// WithPatulinLimit sets the patulin level, in µg/L, above which a batch
// is rejected.
func WithPatulinLimit(ppb float64) Option { return func(c *Config) { c.PatulinLimitPPB = ppb } }

// WithTank routes juice of grade g to tank.
func WithTank(g Grade, tank string) Option { return func(c *Config) { c.Tanks[g] = tank } }

// WithLogger sets the press house logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// PressHouse tracks the batches on the presses, sums their juice and
// files each finished batch with the cellar.
type PressHouse struct {
	cfg    Config
	cellar Cellar
	log    *log.Logger
	now    func() time.Time

	mu      sync.Mutex
	lines   map[string]chan Reading
	totals  map[string]<-chan Totals
	batches map[string]Batch
	closed  bool
}

// NewPressHouse builds a PressHouse that files batches with cellar.
func NewPressHouse(cellar Cellar, opts ...Option) (*PressHouse, error) {
	if cellar == nil {
		return nil, errors.New("cider: cellar is required")
	}
	cfg := Config{
		Presses:           2,
		ReadingBuffer:     32,
		PatulinLimitPPB:   50,
		MinBrix:           10,
		SingleVarietyBrix: 12.5,
		Tanks: map[Grade]string{
			GradeSingleVariety: "oak-1",
			GradeBlend:         "steel-1",
			GradeVinegar:       "vinegar",
		},
		Logger: log.New(io.Discard, "", 0),
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.Presses <= 0 {
		return nil, fmt.Errorf("cider: %d presses", cfg.Presses)
	}
	return &PressHouse{
		cfg:     cfg,
		cellar:  cellar,
		log:     cfg.Logger,
		now:     time.Now,
		lines:   make(map[string]chan Reading),
		totals:  make(map[string]<-chan Totals),
		batches: make(map[string]Batch),
	}, nil
}

// Load puts batch b on a free press.
func (h *PressHouse) Load(b Batch) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return errors.New("cider: press house closed")
	}
	if _, ok := h.lines[b.ID]; ok {
		return fmt.Errorf("%w: %s", ErrBatchOpen, b.ID)
	}
	if len(h.lines) >= h.cfg.Presses {
		return fmt.Errorf("%w: %d of %d in use", ErrPressesBusy, len(h.lines), h.cfg.Presses)
	}
	if b.Arrived.IsZero() {
		b.Arrived = h.now()
	}
	in := make(chan Reading, h.cfg.ReadingBuffer)
	h.lines[b.ID] = in
	h.totals[b.ID] = tally(b, in)
	h.batches[b.ID] = b
	h.log.Printf("batch %s (%s, %s block %s, %.0f kg) on press", b.ID, b.Variety, b.Orchard, b.Block, b.ApplesKg)
	return nil
}

// Record adds a reading to a batch. A reading over the patulin limit
// rejects the whole batch.
func (h *PressHouse) Record(ctx context.Context, batchID string, r Reading) error {
	if r.PatulinPPB > h.cfg.PatulinLimitPPB {
		return h.reject(ctx, batchID, fmt.Sprintf("patulin %.0f µg/L on press %d, limit %.0f µg/L",
			r.PatulinPPB, r.Press, h.cfg.PatulinLimitPPB))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	in, ok := h.lines[batchID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownBatch, batchID)
	}
	if r.At.IsZero() {
		r.At = h.now()
	}
	select {
	case in <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Finish takes a batch off its press, grades the juice and files it with
// the cellar.
func (h *PressHouse) Finish(ctx context.Context, batchID string) (Record, error) {
	h.mu.Lock()
	in, ok := h.lines[batchID]
	if !ok {
		h.mu.Unlock()
		return Record{}, fmt.Errorf("%w: %s", ErrUnknownBatch, batchID)
	}
	res, b := h.totals[batchID], h.batches[batchID]
	delete(h.lines, batchID)
	delete(h.totals, batchID)
	delete(h.batches, batchID)
	h.mu.Unlock()
	close(in)

	var t Totals
	select {
	case t = <-res:
	case <-ctx.Done():
		return Record{}, ctx.Err()
	}
	g := grade(t, h.cfg.MinBrix, h.cfg.SingleVarietyBrix)
	rec := Record{Batch: b, Totals: t, Grade: g, Tank: h.cfg.Tanks[g], Finished: h.now()}
	if err := h.cellar.Store(ctx, rec); err != nil {
		return Record{}, fmt.Errorf("cider: storing %s: %w", batchID, err)
	}
	h.log.Printf("batch %s: %.0f L at %.1f°Bx (%.0f L/t) -> %s", batchID, t.Litres, t.MeanBrix, t.LPerTonne, rec.Tank)
	return rec, nil
}

func (h *PressHouse) reject(ctx context.Context, batchID, reason string) error {
	h.mu.Lock()
	in, ok := h.lines[batchID]
	if !ok {
		h.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownBatch, batchID)
	}
	b := h.batches[batchID]
	delete(h.lines, batchID)
	delete(h.totals, batchID)
	delete(h.batches, batchID)
	h.mu.Unlock()
	close(in)

	h.log.Printf("batch %s (%s, %s block %s) rejected: %s", batchID, b.Variety, b.Orchard, b.Block, reason)
	if err := h.cellar.Discard(ctx, batchID, reason); err != nil {
		return fmt.Errorf("cider: discarding %s: %w", batchID, err)
	}
	return fmt.Errorf("%w: %s: %s", ErrRejected, batchID, reason)
}

// OnPress lists the batches currently on a press.
func (h *PressHouse) OnPress() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := make([]string, 0, len(h.lines))
	for id := range h.lines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Close refuses new batches and abandons those still on a press,
// returning their ids. Their juice is not filed.
func (h *PressHouse) Close() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	abandoned := make([]string, 0, len(h.lines))
	for id, in := range h.lines {
		close(in)
		abandoned = append(abandoned, id)
	}
	h.lines = make(map[string]chan Reading)
	h.totals = make(map[string]<-chan Totals)
	h.batches = make(map[string]Batch)
	sort.Strings(abandoned)
	return abandoned
}
