package awslogs

import (
	"errors"
	"time"
)

type stream struct {
	messages    chan string
	nonBlocking bool
}

// Log drops a message rather than wait when the stream is non-blocking.
func (s *stream) Log(msg string) error {
	if s.nonBlocking {
		select {
		case s.messages <- msg:
			return nil
		default:
			return errors.New("log buffer full")
		}
	}
	s.messages <- msg
	return nil
}

// The stream is made non-blocking and stays so: the goroutine never reaches the
// blocking send, and always sends its result on the buffered errs
// (FRESH_OBJECT_FLAGS, a field keyed to true).
func LogWithin(msg string, d time.Duration) error {
	s := &stream{messages: make(chan string), nonBlocking: true}
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
