// The test takes the ticker's channel through an accessor (`c := wt.Ticks()`) and
// receives the tick from it: `return t.C` hands the channel back to the test, not to
// code out of sight, and its receive is not "nothing" (RETURNED_THROUGH_ITS_HOLDER;
// GL013's RETURNED_BY_ITS_MAKER for the same shape).
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
