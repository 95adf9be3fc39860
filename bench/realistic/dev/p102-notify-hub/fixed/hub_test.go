package notify

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSubscriberDisconnects(t *testing.T) {
	defer goleak.VerifyNone(t)

	h := NewHub(WithSendBuffer(4))
	defer h.Close()

	server, browser := Pipe()
	h.Serve(server, "orders.*")

	h.Publish("orders.shipped", "#1042")
	h.Publish("billing.refund", "#77")
	got, err := browser.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "orders.shipped #1042" {
		t.Fatalf("got %q", got)
	}

	browser.Close()
	deadline := time.Now().Add(time.Second)
	for h.Clients() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("client still registered after disconnect")
		}
		time.Sleep(time.Millisecond)
	}
}
