package methodloop

// run: s := &Server{in: make(chan int), quit: make(chan struct{})}; s.Start(); close(s.quit)

type Server struct {
	in   chan int
	quit chan struct{}
	seen int
}

func (s *Server) loop() {
	for { // want "goroutine `loop` never returns: the `for` at line 12 has no return or break"
		select {
		case v := <-s.in:
			s.seen += v
		case <-s.quit:
			s.seen = 0 // forgot to return
		}
	}
}

func (s *Server) Start() {
	go s.loop()
}
