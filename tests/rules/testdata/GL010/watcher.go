package watcher

// run: _ = countEvents([]int{1, 2})

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
	w := NewWatcher() // want "`NewWatcher` starts goroutine `loop`, which runs until `Close` stops it; nothing calls `w.Close\(\)` here, so it never stops"
	for _, v := range vs {
		w.Add(v)
	}
	return len(vs)
}
