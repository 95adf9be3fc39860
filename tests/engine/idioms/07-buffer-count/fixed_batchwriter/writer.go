package fixed_batchwriter

import (
	"errors"
	"time"
)

var errDeadline = errors.New("flush deadline exceeded")

type flushResult struct {
	segment string
	err     error
}

// Writer flushes segments with a fixed number of workers and a deadline.
type Writer struct {
	deadline time.Duration
}

func NewWriter(deadline time.Duration) *Writer { return &Writer{deadline: deadline} }

func writeSegment(seg string) error {
	time.Sleep(10 * time.Millisecond)
	return nil
}

func (w *Writer) Flush(segments []string) error {
	results := make(chan flushResult, resultSlots)
	for i := 0; i < flushWorkers && i < len(segments); i++ {
		seg := segments[i]
		go func() {
			results <- flushResult{segment: seg, err: writeSegment(seg)}
		}()
	}
	timeout := time.After(w.deadline)
	for i := 0; i < flushWorkers && i < len(segments); i++ {
		select {
		case r := <-results:
			if r.err != nil {
				return r.err
			}
		case <-timeout:
			return errDeadline
		}
	}
	return nil
}
