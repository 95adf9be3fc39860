package job_waiter

// run: q := NewQueue(); go q.Submit("j1", "unknown"); for q.Processed() == 0 { time.Sleep(time.Millisecond) }; q.Close()

// Submit queues a job and waits until it is finished.
func (q *Queue) Submit(id, kind string) {
	done := q.waiters.add(id)
	q.jobs <- job{id: id, kind: kind}
	<-done // want "blocks forever"
}
