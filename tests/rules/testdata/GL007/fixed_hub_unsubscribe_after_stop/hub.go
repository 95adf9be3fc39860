package pubsub

// Sub receives the topic's events on C until it unsubscribes or the hub stops.
type Sub struct {
	Topic string
	C     chan string
}

type Hub struct {
	subscribe   chan *Sub
	unsubscribe chan *Sub
	publish     chan [2]string
	quit        chan struct{}
}

func NewHub() *Hub {
	h := &Hub{
		subscribe:   make(chan *Sub),
		unsubscribe: make(chan *Sub),
		publish:     make(chan [2]string),
		quit:        make(chan struct{}),
	}
	go h.loop()
	return h
}

func (h *Hub) loop() {
	subs := map[*Sub]bool{}
	for {
		select {
		case s := <-h.subscribe:
			subs[s] = true
		case s := <-h.unsubscribe:
			if subs[s] {
				delete(subs, s)
				close(s.C)
			}
		case ev := <-h.publish:
			for s := range subs {
				if s.Topic == ev[0] {
					select {
					case s.C <- ev[1]:
					default:
					}
				}
			}
		case <-h.quit:
			for s := range subs {
				close(s.C)
			}
			return
		}
	}
}

func (h *Hub) Subscribe(topic string) *Sub {
	s := &Sub{Topic: topic, C: make(chan string, 8)}
	h.subscribe <- s
	return s
}

// Unsubscribe gives up once the hub has stopped: by then s.C is closed.
func (h *Hub) Unsubscribe(s *Sub) {
	select {
	case h.unsubscribe <- s:
	case <-h.quit: // the hub stopped and already closed s.C
	}
}

func (h *Hub) Publish(topic, event string) {
	h.publish <- [2]string{topic, event}
}

func (h *Hub) Stop() {
	close(h.quit)
}
