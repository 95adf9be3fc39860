// Run starts the feeder, then verifies its setup and returns on failure before the
// workers that receive the jobs are started. The workers hand the channel to a
// handler the analysis cannot see, so on the normal path the jobs may well be
// served; on the early return nobody ever receives, and the feeder waits forever.
// The finding names that return, not "nothing ever receives" (UNSEEN_IS_NOT_NEVER).
package runner

import "time"

type Job struct{ ID int }

type Handler interface {
	Handle(jobs chan Job, stop chan struct{})
}

type Runner struct {
	handler Handler
	stop    chan struct{}
	every   time.Duration
	verify  func() error
}

func (r *Runner) feed(jobs chan Job) {
	for id := 0; ; id++ {
		jobs <- Job{ID: id} // want "more values are sent on `jobs` than `Run` receives"
		time.Sleep(r.every)
	}
}

func (r *Runner) startWorkers(n int, jobs chan Job) {
	for i := 0; i < n; i++ {
		go r.handler.Handle(jobs, r.stop)
	}
}

func (r *Runner) Run(workers int) error {
	jobs := make(chan Job)
	go r.feed(jobs)
	if err := r.verify(); err != nil {
		return err
	}
	go r.startWorkers(workers, jobs)
	<-r.stop
	return nil
}
