package linesrv

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestShutdownAfterClientsLeft(t *testing.T) {
	defer goleak.VerifyNone(t)
	fired := make(chan struct{}, 1)
	logf := func(format string, args ...any) {
		if strings.Contains(format, "grace period") {
			select {
			case fired <- struct{}{}:
			default:
			}
		}
	}
	s := New(strings.ToUpper, WithGrace(20*time.Millisecond), WithLogf(logf))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "hello\n")
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || reply != "HELLO\n" {
		t.Fatalf("reply %q, %v", reply, err)
	}
	fmt.Fprintf(c, "QUIT\n")
	c.Close()
	for s.ActiveConns() > 0 {
		time.Sleep(time.Millisecond)
	}

	if err := s.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve: %v", err)
	}
	<-fired // the grace timer still goes off after a clean shutdown
}
