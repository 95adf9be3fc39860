package materializer

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// Config holds the collaborators and tuning knobs of a Materializer.
type Config struct {
	Sources []Source
	Store   OnlineStore
	// Clock defaults to the system clock.
	Clock Clock
}

// Option customizes a Materializer.
type Option func(*Materializer)

// WithBackfillWorkers sets how many windows a backfill processes
// concurrently. The default is 4.
func WithBackfillWorkers(n int) Option {
	return func(m *Materializer) {
		if n > 0 {
			m.workers = n
		}
	}
}

// WithWindowSize sets the width of the windows a backfill is split into. The
// default is one hour.
func WithWindowSize(d time.Duration) Option {
	return func(m *Materializer) {
		if d > 0 {
			m.window = d
		}
	}
}

// WithLogf sets the logging function. The default is log.Printf.
func WithLogf(logf func(format string, args ...interface{})) Option {
	return func(m *Materializer) { m.logf = logf }
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type viewState struct {
	view      FeatureView
	watermark time.Time
	running   bool
}

// Materializer schedules and runs materialization jobs for registered
// feature views. It is safe for concurrent use.
type Materializer struct {
	sources map[string]Source
	store   OnlineStore
	clock   Clock
	workers int
	window  time.Duration
	logf    func(format string, args ...interface{})

	mu    sync.Mutex
	views map[string]*viewState
}

// New returns a Materializer for cfg.
func New(cfg Config, opts ...Option) (*Materializer, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("materializer: config: online store is required")
	}
	m := &Materializer{
		sources: make(map[string]Source, len(cfg.Sources)),
		store:   cfg.Store,
		clock:   cfg.Clock,
		workers: 4,
		window:  time.Hour,
		logf:    log.Printf,
		views:   make(map[string]*viewState),
	}
	if m.clock == nil {
		m.clock = systemClock{}
	}
	for _, s := range cfg.Sources {
		m.sources[s.Name()] = s
	}
	for _, o := range opts {
		o(m)
	}
	return m, nil
}

// Register adds a feature view whose incremental materialization starts at
// since.
func (m *Materializer) Register(v FeatureView, since time.Time) error {
	if _, ok := m.sources[v.Source]; !ok {
		return fmt.Errorf("register %q: source %q: %w", v.Name, v.Source, ErrUnknownSource)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.views[v.Name] = &viewState{view: v, watermark: since}
	return nil
}

func (m *Materializer) lookup(name string) (FeatureView, Source, error) {
	m.mu.Lock()
	st, ok := m.views[name]
	m.mu.Unlock()
	if !ok {
		return FeatureView{}, nil, fmt.Errorf("view %q: %w", name, ErrUnknownView)
	}
	return st.view, m.sources[st.view.Source], nil
}

// MaterializeIncremental copies rows of the named view from its watermark up
// to the current time and advances the watermark on success. It returns the
// number of rows written. A call while another one for the same view is in
// progress is a no-op.
func (m *Materializer) MaterializeIncremental(ctx context.Context, name string) (int, error) {
	m.mu.Lock()
	st, ok := m.views[name]
	if !ok {
		m.mu.Unlock()
		return 0, fmt.Errorf("view %q: %w", name, ErrUnknownView)
	}
	if st.running {
		m.mu.Unlock()
		return 0, nil
	}
	st.running = true
	w := Window{Start: st.watermark, End: m.clock.Now()}
	view := st.view
	m.mu.Unlock()

	n, err := m.copyWindow(ctx, view, m.sources[view.Source], w)

	m.mu.Lock()
	st.running = false
	if err == nil {
		st.watermark = w.End
	}
	m.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("materialize %q %s: %w", name, w, err)
	}
	return n, nil
}

// Due returns the names of views whose interval has elapsed since their
// watermark.
func (m *Materializer) Due() []string {
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []string
	for name, st := range m.views {
		if st.view.Interval > 0 && !st.running && now.Sub(st.watermark) >= st.view.Interval {
			due = append(due, name)
		}
	}
	return due
}

// copyWindow reads one window from src, projects and filters the rows for
// view and writes them to the online store.
func (m *Materializer) copyWindow(ctx context.Context, view FeatureView, src Source, w Window) (int, error) {
	rows, err := src.Read(ctx, view.Name, w.Start, w.End)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", src.Name(), err)
	}
	out := make([]Row, 0, len(rows))
	cutoff := time.Time{}
	if view.TTL > 0 {
		cutoff = m.clock.Now().Add(-view.TTL)
	}
	for _, r := range rows {
		if !cutoff.IsZero() && r.EventTime.Before(cutoff) {
			continue
		}
		vals := make(map[string]float64, len(view.Features))
		for _, f := range view.Features {
			if v, ok := r.Values[f]; ok {
				vals[f] = v
			}
		}
		out = append(out, Row{EntityKey: r.EntityKey, EventTime: r.EventTime, Values: vals})
	}
	if len(out) == 0 {
		return 0, nil
	}
	if err := m.store.Write(ctx, view.Name, out); err != nil {
		return 0, fmt.Errorf("write online store: %w", err)
	}
	return len(out), nil
}
