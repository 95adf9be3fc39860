package replacedholderinaloop

import (
	"os"
	"sync"
)

// run: w := NewWatcher(); w.Follow("a.log"); w.Follow("b.log"); w.Close()

// tail reads one file each time it is kicked, until stop or a read fails.
type tail struct {
	path string
	kick chan struct{}
	quit chan struct{}
	read int
}

func startTail(path string) *tail {
	t := &tail{path: path, kick: make(chan struct{}, 1), quit: make(chan struct{})}
	go t.loop()
	return t
}

func (t *tail) loop() {
	for {
		select {
		case <-t.kick:
		case <-t.quit:
			return
		}
		if err := t.readMore(); err != nil {
			return
		}
	}
}

func (t *tail) readMore() error {
	fi, err := os.Stat(t.path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if fi != nil {
		t.read = int(fi.Size())
	}
	return nil
}

// poke tells the tail its file has grown.
func (t *tail) poke() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

func (t *tail) stop() { close(t.quit) }

// Watcher follows whichever file it was last told to.
type Watcher struct {
	mu       sync.Mutex
	paths    chan string
	finished chan struct{}
	current  *tail
}

// NewWatcher starts following nothing yet.
func NewWatcher() *Watcher {
	w := &Watcher{paths: make(chan string), finished: make(chan struct{})}
	go w.run()
	return w
}

// Follow switches to path.
func (w *Watcher) Follow(path string) { w.paths <- path }

// Grew pokes the current tail.
func (w *Watcher) Grew() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.current != nil {
		w.current.poke()
	}
}

func (w *Watcher) run() {
	defer close(w.finished)
	for path := range w.paths {
		w.mu.Lock()
		w.current = startTail(path) // want "the object this store replaces keeps its goroutine `loop` running forever: `run` puts a new `startTail\\(...\\)` in `w.current`, which holds one from the loop's last round"
		w.mu.Unlock()
	}
}

// Close stops following.
func (w *Watcher) Close() {
	close(w.paths)
	<-w.finished
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.current != nil {
		w.current.stop()
	}
}
