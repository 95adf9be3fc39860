package eventstream

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"testing"

	"go.uber.org/goleak"
)

func TestReadThreeEventsThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	local, remote := net.Pipe()
	go func() { // the feed server: answers the subscription, then stays connected
		if _, err := bufio.NewReader(remote).ReadString('\n'); err != nil {
			return
		}
		enc := json.NewEncoder(remote)
		for seq := int64(1); seq <= 3; seq++ {
			if enc.Encode(Event{Seq: seq, Kind: "order.created", Topic: "orders"}) != nil {
				return
			}
		}
	}()
	c, err := NewClient(func(context.Context) (net.Conn, error) { return local, nil }, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Subscribe(context.Background(), "orders", 0)
	if err != nil {
		t.Fatal(err)
	}
	for want := int64(1); want <= 3; want++ {
		if ev := <-s.Events(); ev.Seq != want {
			t.Fatalf("got seq %d, want %d", ev.Seq, want)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
