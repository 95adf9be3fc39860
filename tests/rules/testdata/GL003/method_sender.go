package method

type Worker struct{ n int }

// run: (&Worker{}).Compute()

func (w *Worker) produce(out chan int) {
	out <- w.n * 2 // want "goroutine `produce` blocks forever sending on `out`: nothing ever receives from `out`"
}

func (w *Worker) Compute() {
	out := make(chan int)
	go w.produce(out)
}
