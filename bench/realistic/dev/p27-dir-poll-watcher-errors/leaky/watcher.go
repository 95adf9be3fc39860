// Package dirwatch reports files that appear, change or vanish in a directory by
// polling it, for file systems where inotify is not available (NFS, some FUSE).
package dirwatch

import (
	"sync"
	"time"
)

// Op is what happened to a file.
type Op int

const (
	Create Op = iota + 1
	Write
	Remove
)

func (o Op) String() string {
	switch o {
	case Create:
		return "CREATE"
	case Write:
		return "WRITE"
	case Remove:
		return "REMOVE"
	}
	return "?"
}

// Event is one change.
type Event struct {
	Name string
	Op   Op
}

// Option configures a Watcher.
type Option func(*Watcher)

// Every sets the polling interval.
func Every(d time.Duration) Option { return func(w *Watcher) { w.every = d } }

// Watcher polls one directory. Read Events and Errors until Close.
type Watcher struct {
	dir   string
	every time.Duration
	seen  map[string]time.Time

	events chan Event
	errors chan error
	done   chan struct{}
	once   sync.Once
}

// New starts watching dir. The directory need not exist yet.
func New(dir string, opts ...Option) *Watcher {
	w := &Watcher{
		dir:    dir,
		every:  time.Second,
		seen:   map[string]time.Time{},
		events: make(chan Event),
		errors: make(chan error),
		done:   make(chan struct{}),
	}
	for _, o := range opts {
		o(w)
	}
	go w.poll()
	return w
}

// Events delivers changes.
func (w *Watcher) Events() <-chan Event { return w.events }

// Errors delivers failures to read the directory; polling goes on after them.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Close stops polling.
func (w *Watcher) Close() error {
	w.once.Do(func() { close(w.done) })
	return nil
}
