package fieldreport

// Summer adds up what it is given and reports the total once its input is closed.
type Summer struct {
	in    chan int
	total chan int
	last  int
}

func StartSummer() *Summer {
	s := &Summer{in: make(chan int, 4), total: make(chan int, 1)}
	go s.run()
	return s
}

func (s *Summer) run() {
	sum := 0
	for v := range s.in {
		sum += v
	}
	s.total <- sum
}

func (s *Summer) Add(v int) {
	s.in <- v
}

// Stop closes the input and keeps the total unless this is a dry run.
func (s *Summer) Stop(dryRun bool) {
	close(s.in)
	if dryRun {
		return
	}
	s.last = <-s.total
}
