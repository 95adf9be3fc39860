package stats_worker

import "time"

// run: w := StartWorker(true); w.Enqueue(3); w.Enqueue(4); _ = w.Shutdown()

type stats struct {
	jobs    int
	total   int
	elapsed time.Duration
}

// Worker sums job sizes and reports its totals once its queue is closed.
type Worker struct {
	jobs   chan int
	report chan stats
	dryRun bool
	saved  []stats
}

func StartWorker(dryRun bool) *Worker {
	w := &Worker{jobs: make(chan int, 4), report: make(chan stats), dryRun: dryRun}
	go w.run()
	return w
}

func (w *Worker) run() {
	start := time.Now()
	var st stats
	for n := range w.jobs {
		st.jobs++
		st.total += n
	}
	st.elapsed = time.Since(start)
	w.report <- st // want "blocks forever"
}

func (w *Worker) Enqueue(n int) {
	w.jobs <- n
}

// Shutdown closes the queue and keeps the final totals unless this is a dry run.
func (w *Worker) Shutdown() error {
	close(w.jobs)
	if w.dryRun {
		return nil
	}
	st := <-w.report
	w.saved = append(w.saved, st)
	return nil
}
