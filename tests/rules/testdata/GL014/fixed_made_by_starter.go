package fixedmadebystarter

// The method that makes the field starts the goroutine after the make: the
// goroutine never sees it nil.

type prober struct {
	body    []byte
	results chan int
}

func newProber(body []byte) *prober {
	return &prober{body: body}
}

func (p *prober) start() {
	p.results = make(chan int, 1)
	go func() {
		p.results <- len(p.body)
	}()
}

func (p *prober) run() {
	p.results <- 0
}

func Probe(body []byte) int {
	p := newProber(body)
	p.start()
	return <-p.results
}
