package fixedreceiptflag

import "time"

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

// Replace interrupts the previous stage while draining the next one's input. The
// interrupt's answer is received on every path: in its own case, or, when the input
// ends first, under `if !stopped`, a flag only that case sets (RECEIPT_FLAG).
func Replace(prev, next *Stage, write func([]byte)) {
	stop := make(chan bool)
	go func() {
		stop <- prev.interrupt()
	}()
	interrupted, stopped := false, false
	for !interrupted {
		select {
		case interrupted = <-stop:
			stopped = true
		case buf := <-next.input:
			if buf == nil {
				if !stopped {
					<-stop
				}
				return
			}
			write(buf)
		}
	}
}
