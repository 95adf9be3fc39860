package resolvers

import "testing"

type timeoutResolver struct{}

// OnTimeout is reached only through Subscribe's reflection, which drains it: the
// package never names it.
func (r *timeoutResolver) OnTimeout() <-chan string {
	c := make(chan string)
	go func() {
		c <- "timed out"
		close(c)
	}()
	return c
}

func TestSubscribe(t *testing.T) {
	if got := Subscribe(&timeoutResolver{}, "OnTimeout"); len(got) != 1 {
		t.Fatalf("got %v", got)
	}
}
