package adminsrv

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestPingAndShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	srv := New(func(cmd string, args []string) string {
		switch cmd {
		case "PING":
			return "PONG"
		case "ECHO":
			return fmt.Sprint(args)
		}
		return "ERR unknown command"
	})
	addrs, err := srv.Start("tcp", "127.0.0.1:0", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	c, err := net.Dial("tcp", addrs[1].String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "ping\n")
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || line != "PONG\n" {
		t.Fatalf("reply %q, %v", line, err)
	}
	c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}
