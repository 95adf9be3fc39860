package jobsrv

import "fmt"

func (s *Server) loop() {
	defer close(s.done)
	for {
		select {
		case j := <-s.jobs:
			go s.run(j)
		case err := <-s.errs:
			s.mu.Lock()
			s.failed = append(s.failed, err)
			s.mu.Unlock()
		case <-s.quit:
			return
		}
	}
}

func (s *Server) run(j Job) {
	if err := j.Run(); err != nil {
		err = fmt.Errorf("job %s: %w", j.ID, err)
		select {
		case s.errs <- err:
		case <-s.quit:
			s.logf("after shutdown: %v", err)
		}
	}
}

// Shutdown stops accepting jobs and waits for the loop to exit. Running jobs finish on their own.
func (s *Server) Shutdown() {
	close(s.quit)
	<-s.done
}

// Failed lists the errors reported so far.
func (s *Server) Failed() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.failed...)
}
