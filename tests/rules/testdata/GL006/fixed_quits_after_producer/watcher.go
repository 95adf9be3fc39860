// Package watcher forwards container events to a status loop. The loop gives up
// only when `closed` is closed, and the event reader alone closes it, once its
// input has ended and its last status was sent: the loop never quits while a send
// is pending (QUITS_AFTER_THE_PRODUCER). A type of its own with a `closed` field of
// the same name, closed by its own method, is another field.
package watcher

type Event struct {
	ID     string
	Action string
}

type Status struct {
	ID    string
	State string
}

type Watcher struct {
	statuses chan Status
	closed   chan struct{}
	states   map[string]string
}

func Watch(events <-chan Event) *Watcher {
	w := &Watcher{
		statuses: make(chan Status, 16),
		closed:   make(chan struct{}),
		states:   map[string]string{},
	}
	go w.readEvents(events)
	go w.loopStatuses()
	return w
}

func (w *Watcher) readEvents(events <-chan Event) {
	for e := range events {
		switch e.Action {
		case "start", "stop", "die":
			w.statuses <- Status{e.ID, e.Action}
		}
	}
	close(w.closed)
}

func (w *Watcher) loopStatuses() {
	for {
		select {
		case s := <-w.statuses:
			w.states[s.ID] = s.State
		case <-w.closed:
			return
		}
	}
}
