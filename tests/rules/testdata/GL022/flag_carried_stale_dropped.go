// The syncer forgets a stale target: that path neither answers nor sets `resync`,
// so the request is dropped and `Sync` waits for good.
package targetsyncleak

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
		return <-req.errc // want "the request sent at line 65 can be dropped: `run` goes on to the next request"
	case <-s.closed:
		return errors.New("syncer closed")
	}
}

func (s *Syncer) Close() { close(s.closed) }
