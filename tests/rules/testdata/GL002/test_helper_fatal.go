package helperfatal

import "testing"

func background() int { return 3 }

// harness reaches the test through a field, as test doubles and fixtures do.
type harness struct {
	tb testing.TB
}

// Stopped through a field: a goroutine abandoned by s.tb.Fatal leaks only in a test
// run that already failed, just as with t.Fatal, so it stays silent.
func (h *harness) check(ok bool) int {
	res := make(chan int)
	go func() {
		res <- background()
	}()
	if !ok {
		h.tb.Fatal("setup failed")
	}
	return <-res
}

// Failed through a field, then returned: the same, with Errorf and a return.
func (h *harness) fetch(ok bool) int {
	res := make(chan int)
	go func() {
		res <- background()
	}()
	if !ok {
		h.tb.Errorf("not ready")
		return 0
	}
	return <-res
}
