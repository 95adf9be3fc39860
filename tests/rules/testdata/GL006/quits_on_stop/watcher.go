// Package watcher forwards container events to a status loop, which also gives up
// when Stop closes `closed`: the event reader, still forwarding, then fills the
// buffer and waits forever.
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
			w.statuses <- Status{e.ID, e.Action} // want "goroutine `readEvents` blocks forever sending on `w.statuses` once goroutine `loopStatuses` stops consuming"
		}
	}
}

func (w *Watcher) Stop() {
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
