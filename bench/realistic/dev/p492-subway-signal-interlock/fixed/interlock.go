package interlock

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Option configures an Interlock.
type Option func(*Interlock)

// WithLogger sets the event logger.
func WithLogger(l *log.Logger) Option { return func(il *Interlock) { il.log = l } }

// WithFieldTimeout bounds each call to the field driver.
func WithFieldTimeout(d time.Duration) Option { return func(il *Interlock) { il.fieldTimeout = d } }

// Interlock serialises route setting so that no two trains are ever given
// routes over the same track section.
type Interlock struct {
	name         string
	routes       map[string]Route
	driver       FieldDriver
	log          *log.Logger
	fieldTimeout time.Duration

	mu      sync.Mutex
	cond    *sync.Cond
	held    map[SectionID]string
	granted map[string]string
	waiting int
	closed  bool
}

// New builds an interlocking for the given layout.
func New(layout Layout, driver FieldDriver, opts ...Option) (*Interlock, error) {
	routes, err := layout.index()
	if err != nil {
		return nil, err
	}
	il := &Interlock{
		name:         layout.Name,
		routes:       routes,
		driver:       driver,
		log:          log.New(io.Discard, "", 0),
		fieldTimeout: 2 * time.Second,
		held:         make(map[SectionID]string),
		granted:      make(map[string]string),
	}
	il.cond = sync.NewCond(&il.mu)
	for _, o := range opts {
		o(il)
	}
	return il, nil
}

// Waiting reports how many route requests are queued behind conflicting routes.
func (il *Interlock) Waiting() int {
	il.mu.Lock()
	defer il.mu.Unlock()
	return il.waiting
}

// Occupancy lists held sections and the train holding each, sorted by section.
func (il *Interlock) Occupancy() []string {
	il.mu.Lock()
	defer il.mu.Unlock()
	out := make([]string, 0, len(il.held))
	for s, train := range il.held {
		out = append(out, fmt.Sprintf("%s=%s", s, train))
	}
	sort.Strings(out)
	return out
}

// Close shuts the interlocking down. Routes already set stay set and no new
// requests are accepted.
func (il *Interlock) Close() {
	il.mu.Lock()
	il.closed = true
	n := il.waiting
	il.mu.Unlock()
	il.cond.Broadcast()
	il.log.Printf("%s: closed with %d queued requests", il.name, n)
}

func (il *Interlock) free(r Route, train string) bool {
	for _, s := range r.Sections {
		if holder, ok := il.held[s]; ok && holder != train {
			return false
		}
	}
	return true
}

func (il *Interlock) field(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, il.fieldTimeout)
	defer cancel()
	return fn(ctx)
}
