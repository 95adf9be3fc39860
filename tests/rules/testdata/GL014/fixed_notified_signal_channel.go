package notified

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

// Started hands the channel to signal.Notify before starting the goroutine, and
// Notify panics on a nil channel: past it, the channel is made
// (NOTIFY_PANICS_ON_NIL).
func (s *Server) Started(quit func()) {
	signal.Notify(s.signals, os.Interrupt)
	go func() {
		<-s.signals
		quit()
	}()
}

// The same in a case body: the Notify runs on the way to the `go`.
func (s *Server) Event(kind int, quit func()) {
	switch kind {
	case 1:
		signal.Notify(s.signals, os.Interrupt)
		go func() {
			<-s.signals
			quit()
		}()
	}
}
