package dispatch

import (
	"context"
	"fmt"
)

// Notifier pushes board events to a screen or device, e.g. a dispatcher
// console or an emergency department arrivals display.
type Notifier interface {
	Notify(ctx context.Context, ev Event) error
}

// Filter selects the events a subscriber wants. A nil Filter selects all.
type Filter func(Event) bool

// SubscribeOption customises a subscription.
type SubscribeOption func(*subscription)

// WithFilter restricts the events pushed to the subscriber.
func WithFilter(f Filter) SubscribeOption {
	return func(s *subscription) { s.filter = f }
}

// WithQueue overrides Config.SubscriberBuffer for one subscriber.
func WithQueue(n int) SubscribeOption {
	return func(s *subscription) {
		if n > 0 {
			s.queue = n
		}
	}
}

type subscription struct {
	id       int
	name     string
	filter   Filter
	queue    int
	notifier Notifier
	events   chan Event
}

// Subscribe registers a notifier and starts pushing matching events to it.
// It returns an id for Unsubscribe.
func (b *Board) Subscribe(name string, n Notifier, opts ...SubscribeOption) (int, error) {
	if n == nil {
		return 0, fmt.Errorf("dispatch: nil notifier for %q", name)
	}
	sub := &subscription{name: name, notifier: n, queue: b.cfg.SubscriberBuffer}
	for _, o := range opts {
		o(sub)
	}
	sub.events = make(chan Event, sub.queue)

	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, ErrClosed
	}
	b.nextSub++
	sub.id = b.nextSub
	b.subs[sub.id] = sub
	go b.deliver(sub)
	b.log.Printf("dispatch: %s subscribed (id %d, queue %d)", name, sub.id, sub.queue)
	return sub.id, nil
}

// Unsubscribe stops pushing events to a subscriber. Events already queued
// are still delivered.
func (b *Board) Unsubscribe(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dropLocked(id)
}

func (b *Board) dropLocked(id int) {
	sub, ok := b.subs[id]
	if !ok {
		return
	}
	delete(b.subs, id)
	close(sub.events)
}

func (b *Board) publishLocked(ev Event) {
	b.seq++
	ev.Seq = b.seq
	ev.At = b.now()
	for id, sub := range b.subs {
		if sub.filter != nil && !sub.filter(ev) {
			continue
		}
		select {
		case sub.events <- ev:
		default:
			b.log.Printf("dispatch: %s lagging at seq %d, evicting", sub.name, ev.Seq)
			b.dropLocked(id)
			b.evicted++
		}
	}
}

func (b *Board) deliver(sub *subscription) {
	for ev := range sub.events {
		ctx, cancel := context.WithTimeout(context.Background(), b.cfg.NotifyTimeout)
		err := sub.notifier.Notify(ctx, ev)
		cancel()
		if err != nil {
			b.log.Printf("dispatch: notify %s seq %d: %v", sub.name, ev.Seq, err)
		}
	}
	b.log.Printf("dispatch: %s delivery stopped", sub.name)
}
