package multifile

// run: s := NewServer(); close(s.quit)

type Server struct {
	requests chan string
	quit     chan struct{}
	served   int
}

func NewServer() *Server {
	s := &Server{requests: make(chan string), quit: make(chan struct{})}
	go s.serve() // want "goroutine `serve` never returns: the `for` at loop.go:4 has no return or break"
	return s
}
