package fatal

import "testing"

func background() int { return 3 }

func check(t *testing.T, ok bool) {
	res := make(chan int)
	go func() {
		res <- background() // want "blocks forever sending on `res` when `t.Fatal` at line 13 ends the test"
	}()
	if !ok {
		t.Fatal("setup failed")
	}
	if got := <-res; got != 3 {
		t.Errorf("got %d", got)
	}
}
