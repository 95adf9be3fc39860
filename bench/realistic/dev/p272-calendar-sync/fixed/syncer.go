package calsync

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Syncer.
type Config struct {
	Providers []Provider
	Store     Store
	// Interval between background passes. Defaults to five minutes.
	Interval time.Duration
	// FetchTimeout bounds each provider call. Defaults to 30 seconds.
	FetchTimeout time.Duration
	// Priority breaks ties between copies updated at the same instant;
	// providers listed first win.
	Priority []string
	// OnPass is called after every background pass. It may be nil.
	OnPass func(Report, error)
	Clock  Clock
}

// Syncer runs sync passes, on demand or in the background.
type Syncer struct {
	providers    []Provider
	store        Store
	interval     time.Duration
	fetchTimeout time.Duration
	priority     map[string]int
	onPass       func(Report, error)
	clock        Clock

	// mergeMu serialises merges so that a webhook-triggered pass and the
	// periodic pass never write the store at the same time.
	mergeMu sync.Mutex

	stopOnce sync.Once
	stop     chan struct{}
	done     chan struct{}
}

// New returns a Syncer. Call Start to run it in the background.
func New(cfg Config) (*Syncer, error) {
	if len(cfg.Providers) == 0 {
		return nil, ErrNoProviders
	}
	if cfg.Store == nil {
		return nil, errors.New("calsync: store is required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Minute
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	prio := make(map[string]int, len(cfg.Priority))
	for i, name := range cfg.Priority {
		prio[name] = len(cfg.Priority) - i
	}
	return &Syncer{
		providers:    cfg.Providers,
		store:        cfg.Store,
		interval:     cfg.Interval,
		fetchTimeout: cfg.FetchTimeout,
		priority:     prio,
		onPass:       cfg.OnPass,
		clock:        cfg.Clock,
		stop:         make(chan struct{}),
		done:         make(chan struct{}),
	}, nil
}

// Start runs a pass every interval until Stop is called.
func (s *Syncer) Start(ctx context.Context) {
	go s.loop(ctx)
}

// Stop asks the background loop to exit. Done is closed once it has.
func (s *Syncer) Stop() { s.stopOnce.Do(func() { close(s.stop) }) }

// Done is closed when the background loop has exited.
func (s *Syncer) Done() <-chan struct{} { return s.done }

func (s *Syncer) loop(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case <-s.stop:
			return
		case <-ctx.Done():
			return
		case <-s.clock.After(s.interval):
		}
		rep, err := s.SyncOnce(ctx)
		if s.onPass != nil {
			s.onPass(rep, err)
		}
	}
}

type fetchResult struct {
	provider string
	changes  ChangeSet
	err      error
}

// fetchAll asks every provider for its changes concurrently.
func (s *Syncer) fetchAll(ctx context.Context) []fetchResult {
	results := make([]fetchResult, len(s.providers))
	var wg sync.WaitGroup
	for i, p := range s.providers {
		wg.Add(1)
		go func(i int, p Provider) {
			defer wg.Done()
			res := fetchResult{provider: p.Name()}
			defer func() { results[i] = res }()

			tok, err := s.store.Token(ctx, p.Name())
			if err != nil {
				res.err = fmt.Errorf("load token: %w", err)
				return
			}
			fctx, cancel := context.WithTimeout(ctx, s.fetchTimeout)
			defer cancel()
			res.changes, res.err = p.Changes(fctx, tok)
		}(i, p)
	}
	wg.Wait()
	return results
}

// SyncOnce runs a single pass. A provider that fails is skipped and
// reported in Report.Failures; a store failure fails the whole pass.
func (s *Syncer) SyncOnce(ctx context.Context) (Report, error) {
	rep := Report{Started: s.clock.Now(), Failures: make(map[string]error)}
	results := s.fetchAll(ctx)

	m := s.beginMerge()
	for _, r := range results {
		switch {
		case errors.Is(r.err, ErrTokenExpired):
			m.resetToken(r.provider)
		case r.err != nil:
			rep.Failures[r.provider] = r.err
		default:
			rep.Fetched += len(r.changes.Events)
			m.add(r.provider, r.changes)
		}
	}
	if err := m.resolve(ctx, &rep); err != nil {
		m.abort()
		return rep, fmt.Errorf("resolve changes: %w", err)
	}
	if err := m.commit(ctx, &rep); err != nil {
		return rep, fmt.Errorf("commit changes: %w", err)
	}
	return rep, nil
}

// newer reports whether a should replace b.
func (s *Syncer) newer(a, b Event) bool {
	if !a.Updated.Equal(b.Updated) {
		return a.Updated.After(b.Updated)
	}
	return s.priority[a.Source] > s.priority[b.Source]
}
