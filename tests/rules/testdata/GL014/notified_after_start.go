package notifiedlate

import (
	"os"
	"os/signal"
)

// Server's signal channel is made by Init.
type Server struct {
	signals chan os.Signal
}

func New() *Server { return &Server{} }

func (s *Server) Init() {
	s.signals = make(chan os.Signal, 1)
}

// Started starts the goroutine first: when Init has not run it receives from a nil
// channel, and the Notify that would panic comes too late.
func (s *Server) Started(quit func()) {
	go func() {
		<-s.signals // want "goroutine blocks forever when `Server.signals` is still nil: it is made only by `Init`, which may not have run"
		quit()
	}()
	signal.Notify(s.signals, os.Interrupt)
}
