// Package rating prices call detail records against rate cards published to
// object storage. Cards are reloaded atomically: a reload that fails leaves
// the previously loaded cards in service.
package rating

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors returned by the engine.
var (
	ErrUnknownPlan = errors.New("unknown tariff plan")
	ErrNoRate      = errors.New("no rate for destination")
	ErrNotLoaded   = errors.New("rate cards not loaded")
)

// CDR is a call detail record as produced by the switch.
type CDR struct {
	ID       string
	Plan     string
	Caller   string
	Callee   string // E.164 digits without the leading '+'
	Start    time.Time
	Duration time.Duration
}

// Charge is the priced outcome of a CDR.
type Charge struct {
	CDRID         string
	Prefix        string
	Destination   string
	BilledSeconds int
	AmountMicros  int64
}

// Config maps tariff plans to the storage keys of their rate cards.
type Config struct {
	Plans map[string]string
}

// Engine rates CDRs. It is safe for concurrent use.
type Engine struct {
	loader *Loader
	plans  map[string]string

	mu       sync.RWMutex
	cards    map[string]*RateCard
	loadedAt time.Time
}

// NewEngine returns an Engine; call Reload before rating.
func NewEngine(loader *Loader, cfg Config) *Engine {
	plans := make(map[string]string, len(cfg.Plans))
	for p, k := range cfg.Plans {
		plans[p] = k
	}
	return &Engine{loader: loader, plans: plans}
}

// Reload fetches every plan's card. Cards are swapped in only if all of them
// load; otherwise the cards in service are kept and the error is returned.
func (e *Engine) Reload(ctx context.Context) error {
	names := make([]string, 0, len(e.plans))
	for p := range e.plans {
		names = append(names, p)
	}
	sort.Strings(names)

	next := make(map[string]*RateCard, len(names))
	for _, plan := range names {
		card, err := e.loader.Load(ctx, e.plans[plan])
		if err != nil {
			return fmt.Errorf("reload plan %q: %w", plan, err)
		}
		next[plan] = card
	}

	e.mu.Lock()
	e.cards = next
	e.loadedAt = time.Now()
	e.mu.Unlock()
	return nil
}

// LoadedAt reports when the cards in service were loaded.
func (e *Engine) LoadedAt() time.Time {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.loadedAt
}

// Rate prices a single CDR. Unanswered calls (zero duration) cost nothing.
func (e *Engine) Rate(cdr CDR) (Charge, error) {
	e.mu.RLock()
	cards := e.cards
	e.mu.RUnlock()
	if cards == nil {
		return Charge{}, ErrNotLoaded
	}
	card, ok := cards[cdr.Plan]
	if !ok {
		return Charge{}, fmt.Errorf("cdr %s: %w: %q", cdr.ID, ErrUnknownPlan, cdr.Plan)
	}
	rate, ok := card.Lookup(cdr.Callee)
	if !ok {
		return Charge{}, fmt.Errorf("cdr %s: %w: %s", cdr.ID, ErrNoRate, cdr.Callee)
	}
	ch := Charge{CDRID: cdr.ID, Prefix: rate.Prefix, Destination: rate.Destination}
	secs := int((cdr.Duration + time.Second - 1) / time.Second)
	if secs == 0 {
		return ch, nil
	}
	ch.BilledSeconds = billable(secs, rate.FirstIncrement, rate.NextIncrement)
	// Round the per-second price up to the next micro-unit.
	usage := (int64(ch.BilledSeconds)*rate.PerMinuteMicro + 59) / 60
	ch.AmountMicros = rate.ConnectMicros + usage
	return ch, nil
}

// billable rounds a call duration up to the card's billing increments, e.g.
// 60/60 bills whole minutes and 30/6 bills a 30s minimum then 6s blocks.
func billable(secs, first, next int) int {
	if secs <= first {
		return first
	}
	rest := secs - first
	return first + (rest+next-1)/next*next
}
