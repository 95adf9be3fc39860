package bus

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestPublish(t *testing.T) {
	defer goleak.VerifyNone(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		head, _ := r.ReadString('\n')
		body, _ := r.ReadString('\n')
		got <- head + body
	}()

	c := NewClient(ln.Addr().String())
	if err := c.Publish("orders", []byte(`{"id":42}`)); err != nil {
		t.Fatal(err)
	}
	if msg := <-got; msg != "PUB orders 9\n{\"id\":42}\n" {
		t.Fatalf("bus got %q", msg)
	}
	c.Close()
}

func TestPublishBusDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	// Grab a free port and close it again: connections will be refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	c := NewClient(addr)
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := c.PublishContext(ctx, "orders", []byte("{}")); err == nil {
		t.Fatal("published to a bus that is down")
	}

	res := make(chan error, 1)
	go func() { res <- c.Publish("orders", []byte("{}")) }()
	select {
	case err := <-res:
		if err == nil || !strings.Contains(err.Error(), "connect") {
			t.Fatalf("publish: %v", err)
		}
	case <-time.After(500 * time.Millisecond):
		t.Error("Publish still waiting for a connection that failed")
	}
}
