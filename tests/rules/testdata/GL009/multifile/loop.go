package multifile

func (s *Server) serve() {
	for {
		select {
		case <-s.requests:
			s.served++
		case <-s.quit:
			s.served = -1
		}
	}
}
