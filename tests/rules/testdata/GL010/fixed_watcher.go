package fixedwatcher

// Watcher counts events in a goroutine until it is closed.
type Watcher struct {
	events chan int
	quit   chan struct{}
	seen   int
}

func NewWatcher() *Watcher {
	w := &Watcher{events: make(chan int), quit: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Watcher) loop() {
	for {
		select {
		case <-w.events:
			w.seen++
		case <-w.quit:
			return
		}
	}
}

func (w *Watcher) Add(v int) { w.events <- v }

func (w *Watcher) Close() { close(w.quit) }

func countEvents(vs []int) int {
	w := NewWatcher()
	defer w.Close()
	for _, v := range vs {
		w.Add(v)
	}
	return len(vs)
}

// keep hands the watcher to its caller, who closes it.
func keep() *Watcher {
	w := NewWatcher()
	w.Add(1)
	return w
}

// share hands it to a goroutine that closes it.
func share(done chan struct{}) {
	w := NewWatcher()
	go func() {
		<-done
		w.Close()
	}()
}
