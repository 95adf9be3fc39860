package kvwire

import (
	"bufio"
	"context"
	"net"
	"testing"

	"go.uber.org/goleak"
)

func TestQueryAfterServerHangsUp(t *testing.T) {
	defer goleak.VerifyNone(t)
	client, server := net.Pipe()
	go func() { // answers one query, then hangs up
		r := bufio.NewReader(server)
		if _, err := r.ReadString('\n'); err == nil {
			server.Write([]byte("OK blue\n"))
		}
		server.Close()
	}()
	c := NewConn(client, "primary")
	defer c.Close()
	ctx := context.Background()
	v, err := c.Get(ctx, "color")
	if err != nil || v != "blue" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if err := c.Set(ctx, "color", "red"); err == nil {
		t.Fatal("want an error once the server has hung up")
	}
}
