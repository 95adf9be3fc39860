package fp6

import (
	"sync/atomic"
	"time"
)

type Server struct {
	running  atomic.Bool
	doneChan chan struct{}
}

func (s *Server) Start() {
	s.doneChan = make(chan struct{})
	go s.backgroundWorker()
	s.running.Store(true)
	<-s.doneChan
}

// Stop is idempotent: the early return is the "already stopped" branch,
// taken only after an earlier Stop closed doneChan.
func (s *Server) Stop() {
	if !s.running.Swap(false) {
		return
	}
	close(s.doneChan)
}

func (s *Server) backgroundWorker() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.doneChan:
			return
		case <-t.C:
		}
	}
}
