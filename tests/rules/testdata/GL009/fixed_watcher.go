package watcher

// Watcher counts the events it is sent.
type Watcher struct {
	events chan string
	seen   map[string]int
	stop   chan struct{}
}

func (w *Watcher) Start() {
	w.seen = map[string]int{}
	w.stop = make(chan struct{})
	go func() {
		for {
			select {
			case e := <-w.events:
				w.seen[e]++
			case <-w.stop:
				return
			}
		}
	}()
}

// Stop ends the watch.
func (w *Watcher) Stop() {
	close(w.stop)
}
