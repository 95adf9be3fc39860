package main

import "time"

type Server struct {
	in   chan int
	quit chan struct{}
}

func (s *Server) loop() {
	for {
		select {
		case <-s.in:
		case <-s.quit:
			return
		}
	}
}

func (s *Server) Start() { go s.loop() }

func labelled(in chan int, done chan struct{}) {
	go func() {
	outer:
		for {
			select {
			case <-in:
			case <-done:
				break outer
			}
		}
	}()
}

// Started from main: meant to live as long as the process.
func main() {
	go func() {
		t := time.NewTicker(time.Second)
		for {
			<-t.C
		}
	}()
	select {}
}
