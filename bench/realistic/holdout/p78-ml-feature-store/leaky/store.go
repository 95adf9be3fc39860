package featurestore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock used for freshness and materialization windows.
func WithClock(c Clock) Option { return func(s *Store) { s.clock = c } }

// WithBatchSize sets how many rows are written to the online store per Put.
func WithBatchSize(n int) Option { return func(s *Store) { s.batchSize = n } }

// WithRefreshInterval enables periodic materialization of every view.
func WithRefreshInterval(d time.Duration) Option { return func(s *Store) { s.refreshEvery = d } }

// WithLogger sets the function used for diagnostic logging.
func WithLogger(logf func(string, ...interface{})) Option { return func(s *Store) { s.logf = logf } }

// Store serves online features and keeps them fresh.
type Store struct {
	online       OnlineStore
	clock        Clock
	batchSize    int
	refreshEvery time.Duration
	logf         func(format string, args ...interface{})

	views map[string]FeatureView
	mat   *materializer

	stopOnce  sync.Once
	stop      chan struct{}
	schedDone chan struct{}
}

// New returns a Store serving views from online, materialized from offline.
// Call Close to stop background materialization.
func New(offline OfflineSource, online OnlineStore, views []FeatureView, opts ...Option) (*Store, error) {
	s := &Store{
		online:    online,
		clock:     systemClock{},
		batchSize: 500,
		logf:      func(string, ...interface{}) {},
		views:     make(map[string]FeatureView, len(views)),
		stop:      make(chan struct{}),
		schedDone: make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	if s.batchSize <= 0 {
		return nil, fmt.Errorf("featurestore: batch size must be positive, got %d", s.batchSize)
	}
	for _, v := range views {
		if _, dup := s.views[v.Name]; dup {
			return nil, fmt.Errorf("featurestore: duplicate view %q", v.Name)
		}
		s.views[v.Name] = v
	}
	s.mat = newMaterializer(offline, online, s.batchSize, s.logf)
	if s.refreshEvery > 0 {
		go s.schedule()
	} else {
		close(s.schedDone)
	}
	return s, nil
}

func (s *Store) schedule() {
	defer close(s.schedDone)
	t := time.NewTicker(s.refreshEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			for name := range s.views {
				if err := s.Materialize(name); err != nil {
					s.logf("featurestore: schedule %s: %v", name, err)
				}
			}
		case <-s.stop:
			return
		}
	}
}

// Materialize schedules view to be brought up to date as of now.
func (s *Store) Materialize(view string) error {
	v, ok := s.views[view]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownView, view)
	}
	return s.mat.enqueue(job{view: v, until: s.clock.Now()})
}

// WaitMaterialized blocks until scheduled materialization is done or ctx is.
func (s *Store) WaitMaterialized(ctx context.Context) error {
	if err := s.mat.wait(ctx); err != nil {
		return fmt.Errorf("featurestore: waiting for materialization: %w", err)
	}
	return nil
}

// MaterializationStatus returns view's watermark and its last error.
func (s *Store) MaterializationStatus(view string) (time.Time, error) {
	return s.mat.status(view)
}

// GetOnlineFeatures returns features ("view:feature") for one entity.
func (s *Store) GetOnlineFeatures(ctx context.Context, entityKey string, refs []string) (map[string]Value, error) {
	byView := make(map[string][]string)
	for _, ref := range refs {
		i := strings.IndexByte(ref, ':')
		if i <= 0 || i == len(ref)-1 {
			return nil, fmt.Errorf("%w: %q", ErrBadRef, ref)
		}
		view := ref[:i]
		if _, ok := s.views[view]; !ok {
			return nil, fmt.Errorf("%w: %s", ErrUnknownView, view)
		}
		byView[view] = append(byView[view], ref[i+1:])
	}

	now := s.clock.Now()
	out := make(map[string]Value, len(refs))
	for view, features := range byView {
		row, found, err := s.online.Get(ctx, view, entityKey)
		if err != nil {
			return nil, fmt.Errorf("featurestore: get %s/%s: %w", view, entityKey, err)
		}
		ttl := s.views[view].TTL
		for _, f := range features {
			key := view + ":" + f
			val, ok := row.Values[f]
			switch {
			case !found || !ok:
				out[key] = Value{Status: StatusMissing}
			case ttl > 0 && now.Sub(row.EventTime) > ttl:
				out[key] = Value{Value: val, Status: StatusStale, EventTime: row.EventTime}
			default:
				out[key] = Value{Value: val, Status: StatusPresent, EventTime: row.EventTime}
			}
		}
	}
	return out, nil
}

// Close stops background materialization. It is safe to call more than once.
func (s *Store) Close() error {
	s.stopOnce.Do(func() {
		close(s.stop)
		<-s.schedDone
		s.mat.close()
	})
	return nil
}
