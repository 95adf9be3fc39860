// Package scraper periodically collects samples from a changing set of
// metrics endpoints and hands them to an Appender, Prometheus style: each
// target is scraped on its own interval with its own timeout, and both
// target labels and scraped series can be rewritten with relabel rules.
package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Sample is a single observation returned by a target.
type Sample struct {
	Labels map[string]string // includes __name__
	Value  float64
	Time   time.Time
}

// Fetcher retrieves the current samples exposed at url.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]Sample, error)
}

// Appender stores the samples of one scrape of one target.
type Appender interface {
	Append(ctx context.Context, target string, samples []Sample) error
}

// Clock abstracts time so scheduling can be controlled in tests.
type Clock interface {
	Now() time.Time
	// Tick behaves like time.NewTicker, returning the channel and the
	// function that stops the ticker.
	Tick(d time.Duration) (c <-chan time.Time, stop func())
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Tick(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// ErrStopped is returned by Sync after Stop has been called.
var ErrStopped = errors.New("scraper: stopped")

// Target is a discovered endpoint, described only by its labels. At least
// __address__ must be set after target relabeling.
type Target struct {
	Labels map[string]string
}

// Option configures a Manager.
type Option func(*Manager)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(m *Manager) { m.clock = c } }

// WithSchedule sets the default scrape interval and per-scrape timeout.
// Targets can override both with the __scrape_interval__ and
// __scrape_timeout__ labels.
func WithSchedule(interval, timeout time.Duration) Option {
	return func(m *Manager) { m.interval, m.timeout = interval, timeout }
}

// WithRelabeling sets the rules applied to discovered target labels and to
// every scraped series, respectively.
func WithRelabeling(target, metric []RelabelConfig) Option {
	return func(m *Manager) { m.relabel, m.metricRelabel = target, metric }
}

// WithErrorHandler receives scrape and append errors. By default they are
// discarded; the synthetic "up" series still records failures.
func WithErrorHandler(fn func(error)) Option { return func(m *Manager) { m.onError = fn } }

// Manager owns one scrape loop per active target.
type Manager struct {
	fetcher       Fetcher
	appender      Appender
	clock         Clock
	interval      time.Duration
	timeout       time.Duration
	relabel       []RelabelConfig
	metricRelabel []RelabelConfig
	onError       func(error)

	mu      sync.Mutex
	loops   map[string]*loop
	stopped bool
}

// New returns a Manager that scrapes with f and writes to a.
func New(f Fetcher, a Appender, opts ...Option) (*Manager, error) {
	m := &Manager{
		fetcher:  f,
		appender: a,
		clock:    realClock{},
		interval: time.Minute,
		timeout:  10 * time.Second,
		onError:  func(error) {},
		loops:    make(map[string]*loop),
	}
	for _, o := range opts {
		o(m)
	}
	if m.timeout > m.interval {
		return nil, fmt.Errorf("scraper: timeout %v exceeds interval %v", m.timeout, m.interval)
	}
	return m, nil
}

// scrapeSettings is everything a loop needs to know about its target.
type scrapeSettings struct {
	key      string
	url      string
	labels   map[string]string
	interval time.Duration
	timeout  time.Duration
}

func (s scrapeSettings) equal(o scrapeSettings) bool {
	return s.url == o.url && s.interval == o.interval && s.timeout == o.timeout &&
		fmt.Sprint(s.labels) == fmt.Sprint(o.labels)
}

// resolve relabels t and derives its scrape settings. ok is false if the
// target was dropped by relabeling.
func (m *Manager) resolve(t Target) (s scrapeSettings, ok bool, err error) {
	lbls := Relabel(t.Labels, m.relabel)
	if lbls == nil {
		return s, false, nil
	}
	addr := lbls[LabelAddress]
	if addr == "" {
		return s, false, fmt.Errorf("target %v: no %s label", t.Labels, LabelAddress)
	}
	s.interval, s.timeout = m.interval, m.timeout
	for name, d := range map[string]*time.Duration{LabelInterval: &s.interval, LabelTimeout: &s.timeout} {
		if v, ok := lbls[name]; ok {
			if *d, err = time.ParseDuration(v); err != nil {
				return s, false, fmt.Errorf("target %s: label %s: %w", addr, name, err)
			}
		}
	}
	if s.timeout > s.interval {
		s.timeout = s.interval
	}
	s.url = (&url.URL{Scheme: "http", Host: addr, Path: "/metrics"}).String()

	s.labels = make(map[string]string)
	for k, v := range lbls {
		if !strings.HasPrefix(k, "__") {
			s.labels[k] = v
		}
	}
	if s.labels[LabelInstance] == "" {
		s.labels[LabelInstance] = addr
	}
	s.key = s.labels[LabelJob] + "/" + s.labels[LabelInstance]
	return s, true, nil
}

// Sync makes the set of running loops match targets: new targets start
// being scraped, vanished ones stop, and targets whose settings changed are
// restarted with the new settings. Invalid targets are skipped and reported
// in the returned error.
func (m *Manager) Sync(targets []Target) error {
	wanted := make(map[string]scrapeSettings, len(targets))
	var invalid int
	var firstErr error
	for _, t := range targets {
		s, ok, err := m.resolve(t)
		if err != nil {
			if invalid++; firstErr == nil {
				firstErr = err
			}
			continue
		}
		if ok {
			wanted[s.key] = s
		}
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return ErrStopped
	}
	for key, l := range m.loops {
		if _, ok := wanted[key]; !ok {
			l.stop()
			delete(m.loops, key)
		}
	}
	for key, s := range wanted {
		if old, ok := m.loops[key]; ok {
			if old.settings.equal(s) {
				continue
			}
			old.stop()
		}
		l := m.newLoop(s)
		m.loops[key] = l
		go l.run()
	}
	if firstErr != nil {
		return fmt.Errorf("scraper: %d invalid targets, first: %w", invalid, firstErr)
	}
	return nil
}

// Stop terminates all loops and waits for in-flight scrapes to finish.
func (m *Manager) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopped = true
	for key, l := range m.loops {
		l.stop()
		delete(m.loops, key)
	}
}
