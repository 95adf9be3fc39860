package glaze

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"time"
)

// Scale weighs a material into the bucket and reports what was actually added.
type Scale interface {
	Weigh(ctx context.Context, material string, grams float64) (float64, error)
}

// Inventory tracks raw materials on the shelves.
type Inventory interface {
	Reserve(material string, grams float64) error
}

var (
	ErrClosed     = errors.New("glaze: studio closed")
	ErrOutOfStock = errors.New("glaze: material out of stock")
	ErrWeighing   = errors.New("glaze: weighing out of tolerance")
)

// Config sets up the mixing room.
type Config struct {
	Mixers        int
	WaterRatio    float64
	ToleranceG    float64
	WeighAttempts int
	WeighTimeout  time.Duration
	Logger        *log.Logger
}

func (c *Config) defaults() error {
	if c.Mixers <= 0 {
		c.Mixers = 2
	}
	if c.WaterRatio == 0 {
		c.WaterRatio = 0.85
	}
	if c.WaterRatio < 0.4 || c.WaterRatio > 1.5 {
		return fmt.Errorf("glaze: water ratio %.2f out of range", c.WaterRatio)
	}
	if c.ToleranceG <= 0 {
		c.ToleranceG = 0.5
	}
	if c.WeighAttempts <= 0 {
		c.WeighAttempts = 3
	}
	if c.WeighTimeout <= 0 {
		c.WeighTimeout = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
	return nil
}

// BatchRequest asks for a bucket of glaze.
type BatchRequest struct {
	ID       string
	Recipe   Recipe
	DryGrams float64
}

// Result reports how a batch was mixed.
type Result struct {
	BatchID    string
	Recipe     string
	Mixer      int
	Weighings  []Weighing
	WaterGrams float64
	Waited     time.Duration
	Err        error
}

// Status is a snapshot of the mixing room.
type Status struct {
	Paused      bool
	PauseReason string
	Queued      []string
	Mixing      int
	Closed      bool
}

// Studio mixes glaze batches with a fixed number of mixers.
type Studio struct {
	cfg   Config
	scale Scale
	inv   Inventory
	queue *batchQueue
}

// NewStudio validates cfg and prepares a studio. Call Start to begin mixing.
func NewStudio(cfg Config, scale Scale, inv Inventory) (*Studio, error) {
	if scale == nil || inv == nil {
		return nil, errors.New("glaze: scale and inventory are required")
	}
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	return &Studio{cfg: cfg, scale: scale, inv: inv, queue: newBatchQueue()}, nil
}

// Start launches the mixers.
func (s *Studio) Start() {
	for i := 1; i <= s.cfg.Mixers; i++ {
		go s.mixer(i)
	}
}

// Submit queues a batch. onDone, if not nil, is called from the mixer once the
// batch is finished or has failed.
func (s *Studio) Submit(req BatchRequest, onDone func(Result)) error {
	if req.ID == "" {
		return errors.New("glaze: batch needs an id")
	}
	if req.DryGrams <= 0 {
		return fmt.Errorf("glaze: batch %s: dry weight must be positive", req.ID)
	}
	if err := req.Recipe.Validate(); err != nil {
		return fmt.Errorf("batch %s: %w", req.ID, err)
	}
	if !s.queue.push(&job{req: req, queued: time.Now(), onDone: onDone}) {
		return ErrClosed
	}
	return nil
}

// Pause stops mixers from taking new batches, for example when the dust
// extraction fails. Batches being mixed are finished.
func (s *Studio) Pause(reason string) {
	s.cfg.Logger.Printf("mixing paused: %s", reason)
	s.queue.setPaused(true, reason)
}

// Resume lets mixers take batches again.
func (s *Studio) Resume() {
	s.cfg.Logger.Printf("mixing resumed")
	s.queue.setPaused(false, "")
}

// Shutdown stops accepting new batches.
func (s *Studio) Shutdown() {
	s.queue.close()
	if st := s.queue.status(); len(st.Queued) > 0 {
		s.cfg.Logger.Printf("shutting down with %d batches queued: %v", len(st.Queued), st.Queued)
	}
}

// Status reports the queue and pause state.
func (s *Studio) Status() Status { return s.queue.status() }

func (s *Studio) mixer(id int) {
	for {
		j, ok := s.queue.next()
		if !ok {
			s.cfg.Logger.Printf("mixer %d: stopped", id)
			return
		}
		res := s.mix(id, j)
		s.queue.done()
		if res.Err != nil {
			s.cfg.Logger.Printf("mixer %d: batch %s failed: %v", id, j.req.ID, res.Err)
		}
		if j.onDone != nil {
			j.onDone(res)
		}
	}
}

func (s *Studio) mix(mixer int, j *job) Result {
	res := Result{
		BatchID: j.req.ID,
		Recipe:  j.req.Recipe.Name,
		Mixer:   mixer,
		Waited:  time.Since(j.queued),
	}
	plan := j.req.Recipe.Scale(j.req.DryGrams)
	for _, w := range plan {
		if err := s.inv.Reserve(w.Material, w.Grams); err != nil {
			res.Err = fmt.Errorf("%w: %s: %v", ErrOutOfStock, w.Material, err)
			return res
		}
	}
	for _, w := range plan {
		actual, err := s.weigh(w)
		if err != nil {
			res.Err = err
			return res
		}
		w.Actual = actual
		res.Weighings = append(res.Weighings, w)
	}
	res.WaterGrams = round1(j.req.DryGrams * s.cfg.WaterRatio)
	return res
}

func (s *Studio) weigh(w Weighing) (float64, error) {
	var last float64
	for attempt := 1; attempt <= s.cfg.WeighAttempts; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.WeighTimeout)
		got, err := s.scale.Weigh(ctx, w.Material, w.Grams-last)
		cancel()
		if err != nil {
			return 0, fmt.Errorf("weigh %s: %w", w.Material, err)
		}
		last += got
		if math.Abs(last-w.Grams) <= s.cfg.ToleranceG {
			return last, nil
		}
		if last > w.Grams {
			break
		}
	}
	return last, fmt.Errorf("%w: %s wanted %.1fg got %.1fg", ErrWeighing, w.Material, w.Grams, last)
}
