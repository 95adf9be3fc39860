package jobqueue

import "time"

// lease keeps a received job invisible while it is being worked on.
type lease struct {
	stop chan struct{}
	done chan struct{}
}

// hold starts extending job's visibility every interval. The heartbeat runs
// until release is called, independently of any context, so that a job still
// finishing during shutdown is not handed to another consumer.
func (w *Worker) hold(job Job) *lease {
	l := &lease{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		t := time.NewTicker(w.heartbeat)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
				if err := w.q.Extend(job.Receipt, w.visibility); err != nil {
					w.logf("heartbeat %s: %v", job.ID, err)
				}
			}
		}
	}()
	return l
}

// release stops the heartbeat and waits for it to exit.
func (l *lease) release() {
	close(l.stop)
	<-l.done
}
