package load

import "testing"

func TestTicker(t *testing.T) {
	wt := Ticker{N: 5, C: make(chan Tick)}
	defer wt.Finish()
	go func() { // want "goroutine blocks forever sending on `t.C` \\(`wt.C`\\): nothing ever receives from `wt.C`"
		wt.Run()
	}()
	if wt.N != 5 {
		t.Fatal("bad ticker")
	}
}
