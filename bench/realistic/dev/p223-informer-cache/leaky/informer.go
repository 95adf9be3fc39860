package informer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures an Informer.
type Config struct {
	Source ListerWatcher
	// RetryPeriod is the wait after a failed list or watch; default 1s.
	RetryPeriod time.Duration
	// Logf receives diagnostics; by default they are discarded.
	Logf func(format string, args ...interface{})
}

// Informer caches the objects of one resource type and fans changes out to
// handlers.
type Informer struct {
	cfg      Config
	synced   chan struct{}
	syncOnce sync.Once

	mu        sync.RWMutex
	store     map[string]Object
	rv        uint64
	listeners map[string]*listener
	stopped   bool
}

// New returns an Informer for cfg.Source. Call Run to start it.
func New(cfg Config) (*Informer, error) {
	if cfg.Source == nil {
		return nil, errors.New("informer: no source configured")
	}
	if cfg.RetryPeriod <= 0 {
		cfg.RetryPeriod = time.Second
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	return &Informer{
		cfg:       cfg,
		synced:    make(chan struct{}),
		store:     make(map[string]Object),
		listeners: make(map[string]*listener),
	}, nil
}

// AddEventHandler registers h under name. h first receives OnAdd for every
// object already in the cache and then every later change. Registering a
// name that is already in use replaces the previous handler.
func (inf *Informer) AddEventHandler(name string, h Handler) error {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	if inf.stopped {
		return fmt.Errorf("informer: add handler %q: %w", name, ErrStopped)
	}
	l := newListener(h)
	for _, obj := range inf.store {
		l.add(notification{kind: Added, obj: obj})
	}
	inf.listeners[name] = l
	go l.run()
	return nil
}

// RemoveEventHandler unregisters the handler called name. Notifications that
// are already queued for it are still delivered.
func (inf *Informer) RemoveEventHandler(name string) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	if l, ok := inf.listeners[name]; ok {
		delete(inf.listeners, name)
		l.stop()
	}
}

// WaitForCacheSync blocks until the initial list has been loaded or ctx is
// done, and reports whether the cache is synced.
func (inf *Informer) WaitForCacheSync(ctx context.Context) bool {
	select {
	case <-inf.synced:
		return true
	case <-ctx.Done():
		return false
	}
}

// GetByKey returns the cached object with the given key.
func (inf *Informer) GetByKey(key string) (Object, bool) {
	inf.mu.RLock()
	defer inf.mu.RUnlock()
	obj, ok := inf.store[key]
	return obj, ok
}

// Run lists and watches the source until ctx is done, relisting when the
// watch falls too far behind. When it returns, all handlers have been stopped
// and have received every notification queued for them.
func (inf *Informer) Run(ctx context.Context) {
	defer inf.shutdown()
	for {
		err := inf.listAndWatch(ctx)
		if ctx.Err() != nil {
			return
		}
		inf.cfg.Logf("informer: %v; retrying in %s", err, inf.cfg.RetryPeriod)
		t := time.NewTimer(inf.cfg.RetryPeriod)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

func (inf *Informer) shutdown() {
	inf.mu.Lock()
	inf.stopped = true
	listeners := inf.listeners
	inf.listeners = nil
	inf.mu.Unlock()

	for _, l := range listeners {
		l.stop()
	}
	for _, l := range listeners {
		<-l.done
	}
}

func (inf *Informer) listAndWatch(ctx context.Context) error {
	inf.mu.RLock()
	rv := inf.rv
	inf.mu.RUnlock()
	if rv == 0 {
		objs, listRV, err := inf.cfg.Source.List(ctx)
		if err != nil {
			return fmt.Errorf("informer: list: %w", err)
		}
		inf.replace(objs, listRV)
		inf.syncOnce.Do(func() { close(inf.synced) })
	}

	for {
		inf.mu.RLock()
		rv = inf.rv
		inf.mu.RUnlock()
		w, err := inf.cfg.Source.Watch(ctx, rv)
		if err != nil {
			return fmt.Errorf("informer: watch from %d: %w", rv, err)
		}
		err = inf.watch(ctx, w)
		w.Stop()
		if errors.Is(err, ErrExpired) {
			inf.mu.Lock()
			inf.rv = 0 // relist on the next attempt
			inf.mu.Unlock()
		}
		if err != nil {
			return err
		}
		// The server closed the watch, which it does routinely; resume it.
	}
}

func (inf *Informer) watch(ctx context.Context, w Watcher) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-w.ResultChan():
			if !ok {
				return nil
			}
			switch ev.Type {
			case Added, Modified, Deleted:
				inf.apply(ev)
			case Error:
				return fmt.Errorf("informer: watch: %w", ev.Err)
			}
		}
	}
}

// apply updates the cache with a watch event and notifies the handlers.
func (inf *Informer) apply(ev Event) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	key := ev.Object.Key()
	old, exists := inf.store[key]
	switch {
	case ev.Type == Deleted:
		delete(inf.store, key)
		if exists {
			inf.notifyLocked(notification{kind: Deleted, obj: old})
		}
	case exists:
		inf.store[key] = ev.Object
		inf.notifyLocked(notification{kind: Modified, oldObj: old, obj: ev.Object})
	default:
		inf.store[key] = ev.Object
		inf.notifyLocked(notification{kind: Added, obj: ev.Object})
	}
	inf.rv = ev.Object.ResourceVersion
}

// replace swaps the cache for the result of a list, notifying the handlers
// of the differences.
func (inf *Informer) replace(objs []Object, rv uint64) {
	fresh := make(map[string]Object, len(objs))
	for _, obj := range objs {
		fresh[obj.Key()] = obj
	}

	inf.mu.Lock()
	defer inf.mu.Unlock()
	for key, old := range inf.store {
		if _, ok := fresh[key]; !ok {
			inf.notifyLocked(notification{kind: Deleted, obj: old})
		}
	}
	for key, obj := range fresh {
		old, ok := inf.store[key]
		switch {
		case !ok:
			inf.notifyLocked(notification{kind: Added, obj: obj})
		case old.ResourceVersion != obj.ResourceVersion:
			inf.notifyLocked(notification{kind: Modified, oldObj: old, obj: obj})
		}
	}
	inf.store = fresh
	inf.rv = rv
}

func (inf *Informer) notifyLocked(n notification) {
	for _, l := range inf.listeners {
		l.add(n)
	}
}
