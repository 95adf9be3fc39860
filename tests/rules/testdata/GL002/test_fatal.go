package fatal

import "testing"

func background() int { return 3 }

// A goroutine abandoned by t.Fatal leaks only in a test run that already failed;
// reporting it would be noise, so it stays silent.
func check(t *testing.T, ok bool) {
	res := make(chan int)
	go func() {
		res <- background()
	}()
	if !ok {
		t.Fatal("setup failed")
	}
	if got := <-res; got != 3 {
		t.Errorf("got %d", got)
	}
}
