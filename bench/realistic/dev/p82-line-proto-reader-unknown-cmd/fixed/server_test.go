package kvproto

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestPipelinedBadCommand(t *testing.T) {
	defer goleak.VerifyNone(t)

	s := NewServer(time.Second)
	addr, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	io.WriteString(c, "SET color blue\r\n")
	if l, _ := r.ReadString('\n'); l != "OK\r\n" {
		t.Fatalf("SET: %q", l)
	}

	// A client pipelines a typo and a follow-up command in one write.
	io.WriteString(c, "GTE color\r\nGET color\r\n")
	l, _ := r.ReadString('\n')
	if !strings.HasPrefix(l, "ERR unknown command") {
		t.Fatalf("reply %q", l)
	}
	if _, err := r.ReadString('\n'); err != io.EOF {
		t.Fatalf("connection not dropped: %v", err)
	}
	c.Close()

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
