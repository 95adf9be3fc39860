package trace

import (
	"net"
	"testing"
)

func serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// The goroutine does its work and then parks: once the listener is closed, it
// stays blocked after the test, where a parking goroutine would have returned.
func TestServesOnce(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		serve(l)
		select {} // want "goroutine blocks forever on an empty `select {}`"
	}()
	var errs chan error
	go func() {
		c, err := net.Dial("tcp", l.Addr().String())
		if err == nil {
			c.Close()
		}
		errs <- err // want "`errs` is nil \\(declared, never made\\): sending on `errs` blocks forever"
	}()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
}
