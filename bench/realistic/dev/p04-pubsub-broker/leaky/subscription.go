package pubsub

// Subscription receives the messages of one topic.
type Subscription struct {
	broker *Broker
	topic  string
	ch     chan Message
}

func newSubscription(b *Broker, topic string) *Subscription {
	return &Subscription{broker: b, topic: topic, ch: make(chan Message)}
}

// C is the channel messages arrive on.
func (s *Subscription) C() <-chan Message { return s.ch }

// Cancel stops the subscription; messages already in flight are dropped.
func (s *Subscription) Cancel() {
	s.broker.remove(s)
}

func (s *Subscription) deliver(m Message) {
	s.ch <- m // leak: a cancelled subscriber never reads again
}
