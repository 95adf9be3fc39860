package fieldpipeline

import "errors"

var ErrRejected = errors.New("rejected")

// Shipper decodes lines in one goroutine and writes them in another.
type Shipper struct {
	records chan string
	done    chan struct{}
	write   func([]string) error
	err     error
}

func Start(in <-chan []byte, write func([]string) error) *Shipper {
	s := &Shipper{done: make(chan struct{}), write: write}
	s.records = make(chan string, 8)
	go s.decode(in)
	go s.flush()
	return s
}

func (s *Shipper) Wait() error {
	<-s.done
	return s.err
}
