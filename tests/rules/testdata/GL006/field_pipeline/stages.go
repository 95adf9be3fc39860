package fieldpipeline

import "errors"

func (s *Shipper) decode(in <-chan []byte) {
	defer close(s.records)
	for line := range in {
		if len(line) == 0 {
			continue
		}
		s.records <- string(line) // want "goroutine `decode` blocks forever sending on `s.records` once goroutine `flush` stops consuming at line 20"
	}
}

func (s *Shipper) flush() {
	defer close(s.done)
	for r := range s.records {
		if err := s.write([]string{r}); errors.Is(err, ErrRejected) {
			s.err = err
			return
		}
	}
}
