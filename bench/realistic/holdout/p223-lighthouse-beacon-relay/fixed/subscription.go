package relay

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Sink receives the reports of one subscriber, e.g. a watch console over a
// websocket or the notice-to-mariners publisher.
type Sink interface {
	Deliver(ctx context.Context, b Beacon) error
}

type subscription struct {
	id     string
	filter Filter
	sink   Sink
	since  time.Time
	feed   chan Beacon
	stop   chan struct{}
	once   sync.Once
}

func (s *subscription) close() {
	s.once.Do(func() { close(s.stop) })
}

// Subscribe registers sink under id. Consoles reconnect under the id they
// had before. The subscriber first receives the latest matching report of
// every station.
func (r *Relay) Subscribe(id string, f Filter, sink Sink) error {
	if id == "" {
		return errors.New("relay: empty subscriber id")
	}
	if sink == nil {
		return fmt.Errorf("relay: subscriber %s: nil sink", id)
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	if old, ok := r.subs[id]; ok {
		r.cfg.Logger.Printf("subscriber %s reconnected (first seen %s)", id, old.since.Format(time.RFC3339))
		old.close()
	}

	s := &subscription{
		id:     id,
		filter: f,
		sink:   sink,
		since:  time.Now(),
		feed:   make(chan Beacon, r.cfg.QueueLen),
		stop:   make(chan struct{}),
	}
	for _, b := range r.last {
		if !f.match(b) {
			continue
		}
		select {
		case s.feed <- b:
		default:
		}
	}
	r.subs[id] = s
	go r.forward(s)
	return nil
}

// Unsubscribe removes id. It reports whether the id was subscribed.
func (r *Relay) Unsubscribe(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.subs[id]
	if !ok {
		return false
	}
	s.close()
	delete(r.subs, id)
	return true
}

func (r *Relay) forward(s *subscription) {
	for {
		select {
		case b := <-s.feed:
			if err := r.deliver(s, b); err != nil {
				r.cfg.Logger.Printf("subscriber %s: %v", s.id, err)
				r.count(func(st *Stats) { st.Failed++ })
			}
		case <-s.stop:
			return
		}
	}
}

func (r *Relay) deliver(s *subscription, b Beacon) error {
	var err error
	for attempt := 1; attempt <= r.cfg.MaxAttempts; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), r.cfg.DeliverTimeout)
		err = s.sink.Deliver(ctx, b)
		cancel()
		if err == nil {
			return nil
		}
		if attempt == r.cfg.MaxAttempts {
			break
		}
		t := time.NewTimer(r.cfg.RetryBackoff * time.Duration(attempt))
		select {
		case <-t.C:
		case <-s.stop:
			t.Stop()
			return fmt.Errorf("station %s: unsubscribed during retry: %w", b.Station, err)
		}
	}
	return fmt.Errorf("station %s: giving up after %d attempts: %w", b.Station, r.cfg.MaxAttempts, err)
}
