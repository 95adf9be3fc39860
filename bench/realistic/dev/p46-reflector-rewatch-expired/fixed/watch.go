// Package informer keeps a local copy of a remote collection in sync by listing
// it once and then following a stream of change events, relisting whenever the
// server says the stream can no longer be resumed.
package informer

import (
	"errors"
	"sync"
)

// EventType says what happened to an object.
type EventType string

// The kinds of event a watch delivers.
const (
	Added    EventType = "ADDED"
	Modified EventType = "MODIFIED"
	Deleted  EventType = "DELETED"
	Error    EventType = "ERROR"
)

// ErrExpired is carried by an Error event when the requested resource version
// is too old for the server to resume from.
var ErrExpired = errors.New("informer: resource version too old")

// Object is one item of the collection.
type Object struct {
	Key             string
	Value           string
	ResourceVersion uint64
}

// Event is one change notification.
type Event struct {
	Type   EventType
	Object Object
	Err    error // set for Error events
}

// Watcher delivers events until it is stopped.
type Watcher interface {
	ResultChan() <-chan Event
	Stop()
}

// StreamWatcher adapts a raw stream of decoded events, as read off a
// long-lived HTTP response, to the Watcher interface.
type StreamWatcher struct {
	src    <-chan Event
	result chan Event
	stopCh chan struct{}
	once   sync.Once
}

// NewStreamWatcher starts forwarding events from src.
func NewStreamWatcher(src <-chan Event) *StreamWatcher {
	w := &StreamWatcher{
		src:    src,
		result: make(chan Event),
		stopCh: make(chan struct{}),
	}
	go w.receive()
	return w
}

// ResultChan returns the channel events are delivered on. It is closed when the
// stream ends or the watcher is stopped.
func (w *StreamWatcher) ResultChan() <-chan Event { return w.result }

// Stop ends the watch; it is safe to call more than once.
func (w *StreamWatcher) Stop() { w.once.Do(func() { close(w.stopCh) }) }

func (w *StreamWatcher) receive() {
	defer close(w.result)
	for {
		var ev Event
		select {
		case e, ok := <-w.src:
			if !ok {
				return
			}
			ev = e
		case <-w.stopCh:
			return
		}
		select {
		case w.result <- ev:
		case <-w.stopCh:
			return
		}
	}
}
