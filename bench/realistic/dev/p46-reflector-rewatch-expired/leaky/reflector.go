package informer

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

// ListerWatcher is the server side of a collection.
type ListerWatcher interface {
	// List returns every object and the resource version of the snapshot.
	List(ctx context.Context) ([]Object, uint64, error)
	// Watch streams changes made after resourceVersion.
	Watch(ctx context.Context, resourceVersion uint64) (Watcher, error)
}

// Store is the local copy of the collection.
type Store struct {
	mu    sync.RWMutex
	items map[string]Object
	rv    uint64
}

// NewStore makes an empty store.
func NewStore() *Store { return &Store{items: make(map[string]Object)} }

// Replace swaps in a full listing.
func (s *Store) Replace(objs []Object, rv uint64) {
	items := make(map[string]Object, len(objs))
	for _, o := range objs {
		items[o.Key] = o
	}
	s.mu.Lock()
	s.items, s.rv = items, rv
	s.mu.Unlock()
}

func (s *Store) apply(ev Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch ev.Type {
	case Added, Modified:
		s.items[ev.Object.Key] = ev.Object
	case Deleted:
		delete(s.items, ev.Object.Key)
	}
	if ev.Object.ResourceVersion > s.rv {
		s.rv = ev.Object.ResourceVersion
	}
}

// Get returns the object stored under key.
func (s *Store) Get(key string) (Object, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.items[key]
	return o, ok
}

// Reflector keeps a Store in sync with a ListerWatcher.
type Reflector struct {
	name   string
	lw     ListerWatcher
	store  *Store
	logger *log.Logger
}

// NewReflector makes a reflector; name is used in logs.
func NewReflector(name string, lw ListerWatcher, store *Store, logger *log.Logger) *Reflector {
	if logger == nil {
		logger = log.Default()
	}
	return &Reflector{name: name, lw: lw, store: store, logger: logger}
}

// Run lists and watches until ctx ends or the server fails.
func (r *Reflector) Run(ctx context.Context) error {
	for {
		objs, rv, err := r.lw.List(ctx)
		if err != nil {
			return fmt.Errorf("%s: list: %w", r.name, err)
		}
		r.store.Replace(objs, rv)

		w, err := r.lw.Watch(ctx, rv)
		if err != nil {
			return fmt.Errorf("%s: watch: %w", r.name, err)
		}
		err = r.watchHandler(ctx, w)
		if errors.Is(err, ErrExpired) {
			r.logger.Printf("%s: watch expired at rv %d, relisting", r.name, rv)
			continue
		}
		w.Stop()
		return err
	}
}

func (r *Reflector) watchHandler(ctx context.Context, w Watcher) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-w.ResultChan():
			if !ok {
				return fmt.Errorf("%s: watch closed by server", r.name)
			}
			if ev.Type == Error {
				return ev.Err
			}
			r.store.apply(ev)
		}
	}
}
