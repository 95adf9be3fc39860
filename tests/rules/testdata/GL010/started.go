package started

// run: runOnce(3)

// Worker squares numbers in a goroutine started by Start, until Stop.
type Worker struct {
	in   chan int
	out  chan int
	stop chan struct{}
}

func NewWorker() *Worker {
	return &Worker{in: make(chan int), out: make(chan int), stop: make(chan struct{})}
}

func (w *Worker) Start() {
	go w.run()
}

func (w *Worker) run() {
	for {
		select {
		case v := <-w.in:
			w.out <- v * v
		case <-w.stop:
			return
		}
	}
}

func (w *Worker) Square(v int) int {
	w.in <- v
	return <-w.out
}

func (w *Worker) Stop() { close(w.stop) }

func runOnce(v int) int {
	w := NewWorker() // want "`Start` starts goroutine `run`, which runs until `Stop` stops it; nothing calls `w.Stop\(\)` here, so it never stops"
	w.Start()
	return w.Square(v)
}
