// Package informer keeps a local, eventually consistent cache of API resources
// by listing them once and then watching for changes, and notifies registered
// handlers of every change, in the style of client-go's shared informers.
package informer

import (
	"context"
	"errors"
)

// Object is a versioned resource as served by the API.
type Object struct {
	Namespace       string
	Name            string
	ResourceVersion uint64
	Data            map[string]string
}

// Key returns "namespace/name", or just the name for cluster-scoped objects.
func (o Object) Key() string {
	if o.Namespace == "" {
		return o.Name
	}
	return o.Namespace + "/" + o.Name
}

// EventType is the kind of change reported by a watch.
type EventType string

// Watch event types.
const (
	Added    EventType = "ADDED"
	Modified EventType = "MODIFIED"
	Deleted  EventType = "DELETED"
	Error    EventType = "ERROR"
)

// Event is a single change reported by a watch. For Error events Err is set.
type Event struct {
	Type   EventType
	Object Object
	Err    error
}

var (
	// ErrExpired is reported by a watch when the requested resource version
	// is too old; the informer then relists.
	ErrExpired = errors.New("informer: resource version expired")
	// ErrStopped is returned when handlers are added after Run has returned.
	ErrStopped = errors.New("informer: stopped")
)

// ListerWatcher is the API the informer reads from.
type ListerWatcher interface {
	// List returns all objects and the resource version of the list.
	List(ctx context.Context) ([]Object, uint64, error)
	// Watch streams changes after resourceVersion.
	Watch(ctx context.Context, resourceVersion uint64) (Watcher, error)
}

// Watcher is an open watch.
type Watcher interface {
	// ResultChan delivers events; it is closed when the server ends the watch.
	ResultChan() <-chan Event
	Stop()
}

// Handler is notified of changes to the cache. Calls for one handler are
// made sequentially, on a goroutine owned by that handler.
type Handler interface {
	OnAdd(obj Object)
	OnUpdate(oldObj, newObj Object)
	OnDelete(obj Object)
}
