package pubsub

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type stoppedClock struct{ t time.Time }

func (c stoppedClock) Now() time.Time { return c.t }

func TestDeleteTopicWithDetachedDurableSubscription(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := NewBroker(Options{MaxInFlight: 4, Clock: stoppedClock{time.Unix(1700000000, 0)}})
	defer b.Close()

	if err := b.CreateTopic("orders"); err != nil {
		t.Fatal(err)
	}

	got := make(chan Message)
	sub, err := b.Subscribe("orders", "billing", true, func(m Message) { got <- m })
	if err != nil {
		t.Fatal(err)
	}

	id, err := b.Publish("orders", []byte(`{"order":1}`))
	if err != nil {
		t.Fatal(err)
	}
	m := <-got
	if m.ID != id || string(m.Payload) != `{"order":1}` || m.Attempt != 1 {
		t.Fatalf("delivered %+v", m)
	}
	if err := sub.Ack(m.ID); err != nil {
		t.Fatalf("Ack: %v", err)
	}

	// While a subscriber is attached the topic cannot be deleted.
	if err := b.DeleteTopic("orders"); !errors.Is(err, ErrTopicBusy) {
		t.Fatalf("DeleteTopic with attached subscriber: %v, want ErrTopicBusy", err)
	}

	// The consumer goes away; its durable subscription keeps a backlog.
	sub.Detach()
	if _, err := b.Publish("orders", []byte(`{"order":2}`)); err != nil {
		t.Fatal(err)
	}
	if n := sub.Pending(); n != 1 {
		t.Fatalf("Pending = %d, want 1", n)
	}

	// The topic is retired together with the detached subscription.
	if err := b.DeleteTopic("orders"); err != nil {
		t.Fatalf("DeleteTopic: %v", err)
	}
	if _, err := b.Publish("orders", []byte(`{"order":3}`)); !errors.Is(err, ErrNoTopic) {
		t.Fatalf("Publish after delete: %v, want ErrNoTopic", err)
	}
}
