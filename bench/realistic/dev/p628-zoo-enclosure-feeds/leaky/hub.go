package feeding

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Feeder is an automatic feeding device in an enclosure.
type Feeder interface {
	Name() string
	Dispense(ctx context.Context, food string, grams float64) (float64, error)
}

// Dispensed records one completed or failed feed.
type Dispensed struct {
	Order    FeedOrder
	Feeder   string
	Grams    float64
	Attempts int
	At       time.Time
	Err      error
}

// ErrClosed is returned once the hub has been closed.
var ErrClosed = errors.New("feeding: hub closed")

// Config describes the enclosures served by a hub.
type Config struct {
	Enclosures      []Enclosure
	Feeders         map[string]Feeder
	Diets           Diets
	QueueDepth      int
	DispenseTimeout time.Duration
	Retries         int
}

// Option customises a Hub.
type Option func(*Hub)

// WithLogger sets the hub's logger.
func WithLogger(l *log.Logger) Option { return func(h *Hub) { h.log = l } }

// WithObserver registers a callback run after every dispense, from the
// enclosure's lane goroutine.
func WithObserver(fn func(Dispensed)) Option { return func(h *Hub) { h.observe = fn } }

type lane struct {
	enclosure Enclosure
	feeder    Feeder
	orders    chan FeedOrder
	done      chan struct{}
}

func (l *lane) stop() { close(l.orders) }

// Hub routes feed orders to each enclosure's feeder, one order at a time per
// enclosure.
type Hub struct {
	diets      Diets
	queueDepth int
	timeout    time.Duration
	retries    int
	log        *log.Logger
	observe    func(Dispensed)
	ctx        context.Context
	cancel     context.CancelFunc

	mu     sync.RWMutex
	lanes  map[string]*lane
	closed bool

	histMu  sync.Mutex
	history map[string][]Dispensed
}

// NewHub validates cfg and starts a lane for every enclosure.
func NewHub(cfg Config, opts ...Option) (*Hub, error) {
	if err := cfg.Diets.validate(cfg.Enclosures); err != nil {
		return nil, err
	}
	for _, e := range cfg.Enclosures {
		if cfg.Feeders[e.ID] == nil {
			return nil, fmt.Errorf("feeding: enclosure %s has no feeder", e.ID)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		diets:      cfg.Diets,
		queueDepth: cfg.QueueDepth,
		timeout:    cfg.DispenseTimeout,
		retries:    cfg.Retries,
		log:        log.New(io.Discard, "", 0),
		ctx:        ctx,
		cancel:     cancel,
		lanes:      make(map[string]*lane, len(cfg.Enclosures)),
		history:    make(map[string][]Dispensed),
	}
	if h.queueDepth <= 0 {
		h.queueDepth = 8
	}
	if h.timeout <= 0 {
		h.timeout = 30 * time.Second
	}
	if h.retries <= 0 {
		h.retries = 2
	}
	for _, o := range opts {
		o(h)
	}
	h.mu.Lock()
	for _, e := range cfg.Enclosures {
		h.startLaneLocked(e, cfg.Feeders[e.ID])
	}
	h.mu.Unlock()
	return h, nil
}

func (h *Hub) startLaneLocked(e Enclosure, f Feeder) {
	l := &lane{
		enclosure: e,
		feeder:    f,
		orders:    make(chan FeedOrder, h.queueDepth),
		done:      make(chan struct{}),
	}
	h.lanes[e.ID] = l
	go h.runLane(l)
}

func (h *Hub) runLane(l *lane) {
	defer close(l.done)
	for order := range l.orders { // leak: the replaced lane's channel is never closed
		rec := h.dispense(l.feeder, order)
		h.histMu.Lock()
		h.history[order.Enclosure] = append(h.history[order.Enclosure], rec)
		h.histMu.Unlock()
		if rec.Err != nil {
			h.log.Printf("%s: %s failed after %d attempts: %v", order.Enclosure, l.feeder.Name(), rec.Attempts, rec.Err)
		}
		if h.observe != nil {
			h.observe(rec)
		}
	}
}

func (h *Hub) dispense(f Feeder, o FeedOrder) Dispensed {
	rec := Dispensed{Order: o, Feeder: f.Name()}
	for rec.Attempts < h.retries {
		rec.Attempts++
		ctx, cancel := context.WithTimeout(h.ctx, h.timeout)
		got, err := f.Dispense(ctx, o.Food, o.Grams-rec.Grams)
		cancel()
		rec.Grams += got
		rec.Err = err
		if err == nil || h.ctx.Err() != nil {
			break
		}
	}
	rec.At = time.Now()
	return rec
}

// Feed queues an order for its enclosure's feeder. It waits for room in the
// lane's queue until ctx is done.
func (h *Hub) Feed(ctx context.Context, o FeedOrder) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return ErrClosed
	}
	l, ok := h.lanes[o.Enclosure]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownEnclosure, o.Enclosure)
	}
	if err := h.diets.check(l.enclosure, o); err != nil {
		return err
	}
	select {
	case l.orders <- o:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("feeding: %s queue full: %w", o.Enclosure, ctx.Err())
	}
}

// ReplaceFeeder swaps the device serving an enclosure, for example after a jam.
// Later orders go to the new feeder.
func (h *Hub) ReplaceFeeder(id string, f Feeder) error {
	if f == nil {
		return errors.New("feeding: nil feeder")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	old, ok := h.lanes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownEnclosure, id)
	}
	h.log.Printf("%s: feeder %s replaced by %s", id, old.feeder.Name(), f.Name())
	h.startLaneLocked(old.enclosure, f)
	return nil
}

// RemoveEnclosure stops serving an enclosure, for example while it is
// renovated. Orders already queued are still dispensed.
func (h *Hub) RemoveEnclosure(id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.lanes[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownEnclosure, id)
	}
	delete(h.lanes, id)
	l.stop()
	h.log.Printf("%s: removed from feeding rota", id)
	return nil
}

// History returns the feeds recorded for an enclosure, oldest first.
func (h *Hub) History(id string) []Dispensed {
	h.histMu.Lock()
	defer h.histMu.Unlock()
	return append([]Dispensed(nil), h.history[id]...)
}

// Close stops accepting orders, lets every lane finish its queue and waits for
// them until ctx is done.
func (h *Hub) Close(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	lanes := make([]*lane, 0, len(h.lanes))
	for _, l := range h.lanes {
		l.stop()
		lanes = append(lanes, l)
	}
	h.mu.Unlock()
	defer h.cancel()

	for _, l := range lanes {
		select {
		case <-l.done:
		case <-ctx.Done():
			return fmt.Errorf("feeding: waiting for %s: %w", l.enclosure.ID, ctx.Err())
		}
	}
	h.log.Printf("hub closed, %d lanes drained", len(lanes))
	return nil
}
