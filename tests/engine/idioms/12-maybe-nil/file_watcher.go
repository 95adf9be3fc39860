package file_watcher

import "time"

// run: w := Watch("/etc/app.conf", Options{Interval: time.Millisecond}); w.Touch(); w.Stop()

// Options configure a Watcher. Changes, when set, receives the path on every change.
type Options struct {
	Interval time.Duration
	Changes  chan<- string
}

// Watcher notices changes to one file.
type Watcher struct {
	path    string
	opts    Options
	touched chan struct{}
	stop    chan struct{}
}

func Watch(path string, opts Options) *Watcher {
	w := &Watcher{path: path, opts: opts, touched: make(chan struct{}), stop: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Watcher) loop() {
	for {
		select {
		case <-w.touched:
			w.opts.Changes <- w.path // want "blocks forever"
		case <-w.stop:
			return
		}
	}
}

// Touch reports a change, as the file system would, once the watcher has taken it.
func (w *Watcher) Touch() {
	w.touched <- struct{}{}
	time.Sleep(w.opts.Interval)
}

func (w *Watcher) Stop() { close(w.stop) }
