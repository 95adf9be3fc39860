package fp

import (
	"context"
	"os"
	"time"
)

type result15 struct {
	ps  *os.ProcessState
	err error
}

func waitFor15(p *os.Process, ch chan *result15) {
	ps, err := p.Wait()
	ch <- &result15{ps, err} // released by close(ch) below (it panics then)
}

func exec15(p *os.Process, deadline time.Time) (*os.ProcessState, error) {
	waitCh := make(chan *result15)
	defer close(waitCh)
	go waitFor15(p, waitCh)

	select {
	case r := <-waitCh:
		return r.ps, r.err
	case <-time.After(time.Until(deadline)):
		p.Kill()
		return nil, context.DeadlineExceeded
	}
}
