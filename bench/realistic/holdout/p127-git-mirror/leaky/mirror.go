// Package mirror keeps local mirrors of many upstream git repositories up to
// date. Each repository is refreshed on its own interval; repositories whose
// refresh fails are retried with exponential backoff.
package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Errors returned by Mirror methods, possibly wrapped.
var (
	ErrUnknownRepo = errors.New("mirror: unknown repository")
	ErrBusy        = errors.New("mirror: repository sync already running")
)

// Repo is one upstream repository to mirror.
type Repo struct {
	Name     string        // local name, such as "tools/lint"
	Upstream string        // clone URL
	Interval time.Duration // refresh interval; Config.Interval when zero
}

// Config describes the mirrored repositories and the sync policy.
type Config struct {
	Repos        []Repo
	Interval     time.Duration // default refresh interval (15m)
	MinBackoff   time.Duration // first retry delay after a failure (30s)
	MaxBackoff   time.Duration // upper bound for retry delays (6h)
	FetchTimeout time.Duration // bound for a single sync (10m)
	Concurrency  int           // repositories synced in parallel (4)
	Logf         func(format string, args ...interface{})
}

// Transport fetches repositories from their upstream.
type Transport interface {
	// Bundle streams a git bundle holding every ref of upstream.
	Bundle(ctx context.Context, upstream string) (io.ReadCloser, error)
}

// Store persists mirrors.
type Store interface {
	// Put reads a gzip-compressed bundle from r, makes it the current
	// version of the named mirror and returns the number of bytes stored.
	Put(ctx context.Context, name string, r io.Reader) (int64, error)
}

// Clock abstracts time so that schedules can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// RepoStatus reports the sync history of one repository.
type RepoStatus struct {
	Name        string
	LastAttempt time.Time
	LastSuccess time.Time
	LastErr     error
	Failures    int // consecutive failed syncs
	NextSync    time.Time
	Bytes       int64 // size of the stored mirror after the last success
}

type repoState struct {
	repo    Repo
	status  RepoStatus
	running bool
}

// Mirror schedules and runs repository syncs.
type Mirror struct {
	cfg       Config
	transport Transport
	store     Store
	clock     Clock

	mu    sync.Mutex
	repos map[string]*repoState
}

// New validates cfg and returns a Mirror with every repository due
// immediately. A nil clock means the system clock.
func New(cfg Config, t Transport, s Store, clock Clock) (*Mirror, error) {
	setDefault(&cfg.Interval, 15*time.Minute)
	setDefault(&cfg.MinBackoff, 30*time.Second)
	setDefault(&cfg.MaxBackoff, 6*time.Hour)
	setDefault(&cfg.FetchTimeout, 10*time.Minute)
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	if clock == nil {
		clock = systemClock{}
	}
	m := &Mirror{cfg: cfg, transport: t, store: s, clock: clock, repos: make(map[string]*repoState)}
	now := clock.Now()
	for _, r := range cfg.Repos {
		if r.Name == "" || r.Upstream == "" {
			return nil, fmt.Errorf("mirror: repository %q: name and upstream are required", r.Name)
		}
		if _, dup := m.repos[r.Name]; dup {
			return nil, fmt.Errorf("mirror: repository %q listed twice", r.Name)
		}
		if r.Interval <= 0 {
			r.Interval = cfg.Interval
		}
		m.repos[r.Name] = &repoState{repo: r, status: RepoStatus{Name: r.Name, NextSync: now}}
	}
	return m, nil
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Run syncs repositories as they become due until ctx is done.
func (m *Mirror) Run(ctx context.Context) error {
	for {
		m.SyncDue(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-m.clock.After(m.untilNext()):
		}
	}
}

// SyncDue syncs every repository whose next sync time has passed and waits
// for those syncs to complete. It returns the number of repositories it
// attempted.
func (m *Mirror) SyncDue(ctx context.Context) int {
	due := m.claimDue(m.clock.Now())
	sem := make(chan struct{}, m.cfg.Concurrency)
	var wg sync.WaitGroup
	for _, st := range due {
		wg.Add(1)
		sem <- struct{}{}
		go func(st *repoState) {
			defer func() {
				<-sem
				wg.Done()
			}()
			if err := m.syncClaimed(ctx, st); err != nil {
				m.cfg.Logf("mirror: %v", err)
			}
		}(st)
	}
	wg.Wait()
	return len(due)
}

// Sync refreshes one repository now, regardless of its schedule, for
// example when a push webhook arrives.
func (m *Mirror) Sync(ctx context.Context, name string) error {
	m.mu.Lock()
	st, ok := m.repos[name]
	switch {
	case !ok:
		m.mu.Unlock()
		return fmt.Errorf("sync %q: %w", name, ErrUnknownRepo)
	case st.running:
		m.mu.Unlock()
		return fmt.Errorf("sync %q: %w", name, ErrBusy)
	}
	st.running = true
	m.mu.Unlock()
	return m.syncClaimed(ctx, st)
}

// Status returns the sync status of the named repository.
func (m *Mirror) Status(name string) (RepoStatus, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.repos[name]
	if !ok {
		return RepoStatus{}, false
	}
	return st.status, true
}

// claimDue marks every idle repository that is due at now as running and
// returns them sorted by name.
func (m *Mirror) claimDue(now time.Time) []*repoState {
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []*repoState
	for _, st := range m.repos {
		if !st.running && !now.Before(st.status.NextSync) {
			st.running = true
			due = append(due, st)
		}
	}
	sort.Slice(due, func(i, j int) bool { return due[i].repo.Name < due[j].repo.Name })
	return due
}

// untilNext returns how long to wait until the earliest scheduled sync.
func (m *Mirror) untilNext() time.Duration {
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	wait := m.cfg.Interval
	for _, st := range m.repos {
		if d := st.status.NextSync.Sub(now); d < wait {
			wait = d
		}
	}
	if wait < time.Second {
		wait = time.Second
	}
	return wait
}
