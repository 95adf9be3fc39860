package fixed_topic_subs

import (
	"context"
	"fmt"
	"sync"
)

// run: r := NewRouter(); id := r.Subscribe("orders", func(string) {}); r.Publish("orders", "o-1"); r.Unsubscribe("orders", id)

type subscriber struct {
	inbox   chan string
	handler func(string)
}

// Router fans messages out to per-subscription goroutines.
type Router struct {
	mu      sync.Mutex
	nextID  int
	subs    map[string][]*subscriber
	cancels map[string]context.CancelFunc
}

func NewRouter() *Router {
	return &Router{subs: map[string][]*subscriber{}, cancels: map[string]context.CancelFunc{}}
}

func subKey(topic string, id int) string { return fmt.Sprintf("%s#%d", topic, id) }

func (s *subscriber) serve(ctx context.Context) {
	for {
		select {
		case m := <-s.inbox:
			s.handler(m)
		case <-ctx.Done():
			return
		}
	}
}

// Subscribe starts delivering topic's messages to handler and returns the subscription id.
func (r *Router) Subscribe(topic string, handler func(string)) int {
	ctx, cancel := context.WithCancel(context.Background())
	s := &subscriber{inbox: make(chan string, 16), handler: handler}
	r.mu.Lock()
	r.nextID++
	id := r.nextID
	r.subs[topic] = append(r.subs[topic], s)
	r.cancels[subKey(topic, id)] = cancel
	r.mu.Unlock()
	go s.serve(ctx)
	return id
}

func (r *Router) Publish(topic, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.subs[topic] {
		s.inbox <- msg
	}
}

// Unsubscribe stops subscription id of topic.
func (r *Router) Unsubscribe(topic string, id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := subKey(topic, id) // the key Subscribe stored the cancel under
	if cancel, ok := r.cancels[key]; ok {
		cancel()
		delete(r.cancels, key)
	}
	delete(r.subs, topic)
}
