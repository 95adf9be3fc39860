package controller

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Object is a namespaced resource and its desired state.
type Object struct {
	Namespace string
	Name      string
	Spec      map[string]string
}

// Key returns the namespace/name key of o.
func (o Object) Key() string { return o.Namespace + "/" + o.Name }

// EventType says what happened to an object.
type EventType int

// Kinds of Event.
const (
	Added EventType = iota
	Modified
	Deleted
)

// Event is a change notification from a Source.
type Event struct {
	Type   EventType
	Object Object
}

// Source is the API the controller lists and watches.
type Source interface {
	List(ctx context.Context) ([]Object, error)
	Watch(ctx context.Context) (<-chan Event, error)
}

// informer mirrors a Source into a cache and reports changed keys, and all keys on resync.
type informer struct {
	src     Source
	resync  time.Duration
	onKey   func(key string)
	mu      sync.RWMutex
	objects map[string]Object
}

func (inf *informer) get(key string) (Object, bool) {
	inf.mu.RLock()
	defer inf.mu.RUnlock()
	o, ok := inf.objects[key]
	return o, ok
}

// run lists, then watches, until ctx is done or the watch fails.
func (inf *informer) run(ctx context.Context) error {
	objs, err := inf.src.List(ctx)
	if err != nil {
		return fmt.Errorf("initial list: %w", err)
	}
	events, err := inf.src.Watch(ctx)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	for _, o := range objs {
		inf.apply(Event{Type: Added, Object: o})
	}

	tick := time.NewTicker(inf.resync)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return fmt.Errorf("watch: channel closed by %T", inf.src)
			}
			inf.apply(ev)
		case <-tick.C:
			inf.mu.RLock()
			for key := range inf.objects {
				inf.onKey(key)
			}
			inf.mu.RUnlock()
		}
	}
}

func (inf *informer) apply(ev Event) {
	key := ev.Object.Key()
	inf.mu.Lock()
	if ev.Type == Deleted {
		delete(inf.objects, key)
	} else {
		inf.objects[key] = ev.Object
	}
	inf.mu.Unlock()
	inf.onKey(key)
}
