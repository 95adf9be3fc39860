// The test runs the ticker and never takes its tick: the goroutine waits forever.
package load

type Tick struct{ N int }

type Ticker struct {
	N int
	C chan Tick
}

func (t *Ticker) Ticks() <-chan Tick { return t.C }

func (t *Ticker) Run() {
	t.C <- Tick{N: t.N}
}

func (t *Ticker) Finish() {}
