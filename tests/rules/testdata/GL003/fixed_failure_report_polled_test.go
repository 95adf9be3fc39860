package failurereportpolled

import (
	"net"
	"testing"
)

func serve(l net.Listener, errCh chan<- error) {
	c, err := l.Accept()
	if err != nil {
		errCh <- err
		return
	}
	c.Close()
}

// The test reads errCh only to fail on what it carries: a server blocked sending
// its error is on a failing run's path.
func TestServe(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	errCh := make(chan error)
	defer func() {
		select {
		case err := <-errCh:
			t.Error(err)
		default:
		}
	}()
	go serve(l, errCh)
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
