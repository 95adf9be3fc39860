package foreignqueue

// Server serves the requests of a connection another library made: that library
// closes the channel when the connection ends.
type Server struct {
	requests <-chan string
}

func Dial(dial func() (<-chan string, error)) (*Server, error) {
	reqs, err := dial()
	if err != nil {
		return nil, err
	}
	s := &Server{requests: reqs}
	go func() {
		for r := range s.requests {
			_ = r
		}
	}()
	return s, nil
}

func (s *Server) Close() {}
