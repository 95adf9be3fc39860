package declaredthenset

import "errors"

// run: _ = Sum([]int{1, -2, 3}, true)

type progress struct {
	seen chan int
	stop chan struct{}
}

func startProgress() *progress {
	p := &progress{seen: make(chan int), stop: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	total := 0
	for {
		select { // want "goroutine `loop` blocks forever receiving from `p.stop` \\(`rep.stop`\\) when `Sum` returns at line 72 without closing `rep.stop`"
		case n := <-p.seen:
			total += n
		case <-p.stop:
			return
		}
	}
}

// Add counts one value, or gives up once the progress is stopped.
func (p *progress) Add(n int) {
	select {
	case p.seen <- n:
	case <-p.stop:
	}
}

func (p *progress) Stop() { close(p.stop) }

// Option configures check.
type Option func(*checker)

type checker struct{ onValue func(int) }

// OnValue has check report every value it accepts.
func OnValue(f func(int)) Option { return func(c *checker) { c.onValue = f } }

func check(values []int, opts ...Option) error {
	c := &checker{onValue: func(int) {}}
	for _, o := range opts {
		o(c)
	}
	for _, v := range values {
		if v < 0 {
			return errors.New("negative value")
		}
		c.onValue(v)
	}
	return nil
}

// Sum checks the values, reporting each to a progress printer when asked to; a
// failed check returns before the printer is stopped.
func Sum(values []int, verbose bool) error {
	var opts []Option
	var rep *progress
	if verbose {
		rep = startProgress()
		opts = append(opts, OnValue(rep.Add))
	}
	if err := check(values, opts...); err != nil {
		return err
	}
	if rep != nil {
		rep.Stop()
	}
	return nil
}
