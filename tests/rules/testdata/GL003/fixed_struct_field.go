package structfield

type pool struct {
	jobs chan int
	size int
}

func (p *pool) work() {
	for {
		j, ok := <-p.jobs
		if !ok {
			return
		}
		_ = j * p.size
	}
}

func Launch(items []int) {
	p := &pool{jobs: make(chan int), size: 2}
	defer close(p.jobs)
	for i := 0; i < p.size; i++ {
		go p.work()
	}
	for _, it := range items {
		p.jobs <- it
	}
}

// The pool is handed on: whoever gets it may feed the workers.
func Escaping(register func(*pool)) {
	p := &pool{jobs: make(chan int), size: 1}
	go p.work()
	register(p)
}
