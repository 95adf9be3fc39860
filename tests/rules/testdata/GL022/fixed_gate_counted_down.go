package fixedgatecounteddown

import (
	"context"
	"sync"
	"sync/atomic"
)

// Server serves connections; Close waits until the last one has finished.
type Server struct {
	mu          sync.Mutex
	connCount   atomic.Int64
	closeCtx    context.Context
	closeCancel context.CancelFunc
	handlerDone chan struct{}
}

func (s *Server) init() {
	s.closeCtx, s.closeCancel = context.WithCancel(context.Background())
	s.handlerDone = make(chan struct{}, 1)
}

// decreaseConnCount closes the gate only when the last connection ends after Close:
// the calls before the last leave it open by design (COUNTED_DOWN).
func (s *Server) decreaseConnCount() {
	if s.connCount.Add(-1) == 0 && s.closeCtx.Err() != nil {
		close(s.handlerDone)
	}
}

// Serve handles one connection.
func (s *Server) Serve(handle func()) {
	s.mu.Lock()
	if s.closeCtx == nil {
		s.init()
	}
	s.mu.Unlock()
	s.connCount.Add(1)
	go func() {
		defer s.decreaseConnCount()
		handle()
	}()
}

// Close waits for the connections still open.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closeCtx == nil {
		return
	}
	s.closeCancel()
	if s.connCount.Load() == 0 {
		return
	}
	<-s.handlerDone
}
