package watcher

// run: w := &Watcher{events: make(chan string)}; w.Start(); w.Stop()

// Watcher counts the events it is sent.
type Watcher struct {
	events chan string
	seen   map[string]int
}

func (w *Watcher) Start() {
	w.seen = map[string]int{}
	go func() {
		for { // want "goroutine never returns: the `for` at line 14 has no return or break"
			select {
			case e := <-w.events:
				w.seen[e]++
			}
		}
	}()
}

// Stop ends the watch.
func (w *Watcher) Stop() {
	w.seen = nil
}
