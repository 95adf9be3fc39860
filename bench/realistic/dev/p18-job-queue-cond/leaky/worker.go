package jobs

// Consume runs handle on every job until the queue closes.
func Consume(q *Queue, handle func(Job)) {
	go func() {
		for {
			j, err := q.Take()
			if err != nil {
				return
			}
			handle(j)
		}
	}()
}
