package load

import "testing"

func TestTicker(t *testing.T) {
	wt := Ticker{N: 5, C: make(chan Tick)}
	defer wt.Finish()
	c := wt.Ticks()
	go func() {
		wt.Run()
	}()
	if tv := <-c; tv.N != 5 {
		t.Fatal("bad tick")
	}
}
