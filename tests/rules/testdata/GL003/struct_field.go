package structfield

// run: Launch()

type pool struct {
	jobs chan int
	size int
}

func (p *pool) work() {
	for {
		j, ok := <-p.jobs // want "goroutine `work` blocks forever receiving from `p.jobs`: nothing ever sends on or closes `p.jobs`"
		if !ok {
			return
		}
		_ = j * p.size
	}
}

func Launch() {
	p := &pool{jobs: make(chan int), size: 2}
	for i := 0; i < p.size; i++ {
		go p.work()
	}
}
