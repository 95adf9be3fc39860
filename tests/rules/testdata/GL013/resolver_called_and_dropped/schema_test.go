package resolvers

import "testing"

type timeoutResolver struct{}

// OnTimeout is also called by name, by a test that drops what it returns.
func (r *timeoutResolver) OnTimeout() <-chan string {
	c := make(chan string)
	go func() {
		c <- "timed out" // want "goroutine blocks forever sending on `c` if the caller of `OnTimeout` never receives the result"
		close(c)
	}()
	return c
}

func TestDropped(t *testing.T) {
	r := &timeoutResolver{}
	r.OnTimeout()
}

func TestSubscribe(t *testing.T) {
	if got := Subscribe(&timeoutResolver{}, "OnTimeout"); len(got) != 1 {
		t.Fatalf("got %v", got)
	}
}
