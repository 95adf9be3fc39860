package pubsub

// Subscription receives the messages of one topic.
type Subscription struct {
	broker *Broker
	topic  string
	ch     chan Message
	done   chan struct{}
}

func newSubscription(b *Broker, topic string) *Subscription {
	return &Subscription{broker: b, topic: topic, ch: make(chan Message), done: make(chan struct{})}
}

// C is the channel messages arrive on.
func (s *Subscription) C() <-chan Message { return s.ch }

// Cancel stops the subscription; messages already in flight are dropped.
func (s *Subscription) Cancel() {
	s.broker.remove(s)
	close(s.done)
}

func (s *Subscription) deliver(m Message) {
	select {
	case s.ch <- m:
	case <-s.done:
	}
}
