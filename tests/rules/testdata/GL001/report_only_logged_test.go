package reportonlylogged

import (
	"net"
	"testing"
)

func serve(l net.Listener, errCh chan<- error) {
	c, err := l.Accept()
	if err != nil {
		errCh <- err // want "goroutine `serve` blocks forever sending on `errCh` when `default` wins the select at line 30 in the function deferred at line 26"
		return
	}
	c.Close()
}

// The test only logs what errCh carries: a server that fails after the test looked
// blocks sending its error in a passing run.
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
			t.Logf("serve: %v", err)
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

func serveResult(l net.Listener, errCh chan<- error) {
	c, err := l.Accept()
	if err == nil {
		c.Close()
	}
	errCh <- err // want "goroutine `serveResult` blocks forever sending on `errCh` when `default` wins the select at line 64 in the function deferred at line 58"
}

// The test fails only on an error it receives: errCh carries every result, nil
// included, and the server's send after the test looked blocks in a passing run.
func TestServeResult(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	errCh := make(chan error)
	defer func() {
		select {
		case err := <-errCh:
			if err != nil {
				t.Error(err)
			}
		default:
		}
	}()
	go serveResult(l, errCh)
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
