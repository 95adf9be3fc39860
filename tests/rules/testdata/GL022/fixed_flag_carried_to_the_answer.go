// The syncer answers each request either inside its retry loop or, when the loop ends
// with a target, after it: `resync` is true exactly on the paths that did not answer
// yet, so no request goes unanswered.
package targetsync

import (
	"errors"
	"fmt"
)

type request struct {
	target uint64
	errc   chan error
}

type Syncer struct {
	requests chan *request
	closed   chan struct{}
	current  uint64
	lookup   func(uint64) (uint64, error)
}

func New(lookup func(uint64) (uint64, error)) *Syncer {
	s := &Syncer{requests: make(chan *request), closed: make(chan struct{}), lookup: lookup}
	go s.run()
	return s
}

func (s *Syncer) run() {
	for {
		select {
		case req := <-s.requests:
			var (
				resync  bool
				retries int
			)
			for {
				if retries >= 3 {
					req.errc <- fmt.Errorf("target %d not available", req.target)
					break
				}
				header, err := s.lookup(req.target)
				if err != nil {
					retries++
					continue
				}
				if header <= s.current {
					req.errc <- fmt.Errorf("stale target %d", header)
					break
				}
				s.current = header
				resync = true
				break
			}
			if resync {
				req.errc <- nil
			}
		case <-s.closed:
			return
		}
	}
}

func (s *Syncer) Sync(target uint64) error {
	req := &request{target: target, errc: make(chan error, 1)}
	select {
	case s.requests <- req:
		return <-req.errc
	case <-s.closed:
		return errors.New("syncer closed")
	}
}

func (s *Syncer) Close() { close(s.closed) }
