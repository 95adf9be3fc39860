package pubsub

import (
	"testing"

	"go.uber.org/goleak"
)

func TestCancelledSubscriberDropsMessages(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := NewBroker()
	orders := b.Subscribe("orders")
	if n := b.Publish(Message{Topic: "orders", Payload: []byte("1")}); n != 1 {
		t.Fatalf("delivered to %d subscribers", n)
	}
	if got := <-orders.C(); string(got.Payload) != "1" {
		t.Fatalf("got %q", got.Payload)
	}
	b.Publish(Message{Topic: "orders", Payload: []byte("2")})
	orders.Cancel()
}
