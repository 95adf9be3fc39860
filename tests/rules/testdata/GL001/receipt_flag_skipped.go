package receiptflagskipped

import "time"

// run: p := &Stage{quit: make(chan struct{}), grace: 20 * time.Millisecond}; n := &Stage{input: make(chan []byte, 1)}; n.input <- nil; Replace(p, n, func([]byte) {})

// Stage is one link of a chain of filters; interrupt stops it, once its grace period
// is over, and says whether it was idle.
type Stage struct {
	input chan []byte
	quit  chan struct{}
	grace time.Duration
}

func (s *Stage) interrupt() bool {
	time.Sleep(s.grace)
	close(s.quit)
	return true
}

// Replace interrupts the previous stage while draining the next one's input. When the
// input ends first, the answer is taken only if it was taken already: the test is the
// wrong way round, and the interrupting goroutine waits for good.
func Replace(prev, next *Stage, write func([]byte)) {
	stop := make(chan bool)
	go func() {
		stop <- prev.interrupt() // want "goroutine blocks forever sending on `stop` when `buf := <-next.input` wins the select"
	}()
	interrupted, stopped := false, false
	for !interrupted {
		select {
		case interrupted = <-stop:
			stopped = true
		case buf := <-next.input:
			if buf == nil {
				if stopped {
					<-stop
				}
				return
			}
			write(buf)
		}
	}
}
