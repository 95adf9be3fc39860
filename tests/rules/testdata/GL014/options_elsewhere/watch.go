package optionselsewhere

// WatchOptions are filled in by the caller; Events is never checked for nil.
type WatchOptions struct {
	Events chan string
}

type Watcher struct{ opts WatchOptions }

func Watch(o WatchOptions) *Watcher {
	w := &Watcher{opts: o}
	go w.loop() // want "goroutine blocks forever when the caller leaves `WatchOptions.Events` unset"
	return w
}
