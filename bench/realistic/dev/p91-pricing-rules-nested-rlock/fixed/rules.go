package pricing

import (
	"context"
	"strings"
	"sync"
)

// Rule is a discount that applies to customers in a segment.
type Rule struct {
	Name     string
	Segment  string // empty: everyone
	SKU      string // prefix match; empty: every SKU
	PercentX int    // discount in tenths of a percent
}

// Directory looks up customer attributes, e.g. from a CRM service.
type Directory interface {
	Attributes(ctx context.Context, customer string) (map[string]string, error)
}

// Engine evaluates discount rules. Rules and segments are swapped in as a
// whole by a background sync.
type Engine struct {
	dir Directory

	mu       sync.RWMutex
	rules    []Rule
	segments map[string]func(attrs map[string]string) bool
	version  int
}

// NewEngine returns an engine with no rules.
func NewEngine(dir Directory) *Engine {
	return &Engine{dir: dir, segments: map[string]func(map[string]string) bool{}}
}

// Replace installs a new rule set and segment definitions.
func (e *Engine) Replace(rules []Rule, segments map[string]func(map[string]string) bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rules = rules
	e.segments = segments
	e.version++
}

// InSegment reports whether the customer with attrs belongs to segment.
func (e *Engine) InSegment(segment string, attrs map[string]string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.inSegmentLocked(segment, attrs)
}

// inSegmentLocked is InSegment for callers that hold e.mu.
func (e *Engine) inSegmentLocked(segment string, attrs map[string]string) bool {
	match, ok := e.segments[segment]
	return ok && match(attrs)
}

// Discount returns the best discount, in tenths of a percent, for customer
// buying sku, and the rule that gave it.
func (e *Engine) Discount(ctx context.Context, customer, sku string) (int, string, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()

	var attrs map[string]string
	best, name := 0, ""
	for _, r := range e.rules {
		if r.SKU != "" && !strings.HasPrefix(sku, r.SKU) {
			continue
		}
		if r.Segment != "" {
			if attrs == nil {
				a, err := e.dir.Attributes(ctx, customer)
				if err != nil {
					return 0, "", err
				}
				attrs = a
			}
			if !e.inSegmentLocked(r.Segment, attrs) {
				continue
			}
		}
		if r.PercentX > best {
			best, name = r.PercentX, r.Name
		}
	}
	return best, name, nil
}

// Version reports how many rule sets have been installed.
func (e *Engine) Version() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.version
}
