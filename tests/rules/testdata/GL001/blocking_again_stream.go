package awslogs

import (
	"errors"
	"time"
)

type queue struct {
	messages    chan string
	nonBlocking bool
}

func (q *queue) Log(msg string) error {
	if q.nonBlocking {
		select {
		case q.messages <- msg:
			return nil
		default:
			return errors.New("log buffer full")
		}
	}
	q.messages <- msg // want "goroutine blocks forever sending on `q.messages` \\(`s.messages`\\) when `<-time.After\\(d\\)` wins"
	return nil
}

// The stream is made non-blocking, then made blocking again before the goroutine
// starts: once the buffer is full and the timeout wins, the send waits for good.
func QueueWithin(msg string, d time.Duration, wait bool) error {
	s := &queue{messages: make(chan string), nonBlocking: true}
	if wait {
		s.nonBlocking = false
	}
	errs := make(chan error, 1)
	go func() {
		errs <- s.Log(msg)
	}()
	select {
	case err := <-errs:
		return err
	case <-time.After(d):
		return errors.New("logging timed out")
	}
}
