package presence

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestRejectsBadHandshake(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewServer(8, 0, log.New(io.Discard, "", 0))
	cli, srv := net.Pipe()
	served := make(chan error, 1)
	go func() { served <- s.ServeConn(srv) }()

	if _, err := io.WriteString(cli, "HELO bob\n"); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(cli).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ERR ") {
		t.Fatalf("reply %q, %v", line, err)
	}
	if err := <-served; !errors.Is(err, errBadHello) {
		t.Fatalf("ServeConn: %v", err)
	}
	cli.Close()
}
