package seismo

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by operations on a closed Relay.
var ErrClosed = errors.New("seismo: relay closed")

// Stats is a snapshot of relay counters.
type Stats struct {
	Received    uint64
	Delivered   uint64
	Dropped     uint64
	Subscribers int
}

type subscription struct {
	id     uint64
	filter Filter
	ch     chan Reading
}

// Relay fans readings out to subscribers. All subscription state is owned by
// a single hub goroutine; the exported methods talk to it over channels.
// A slow subscriber never stalls the relay: when its buffer is full the
// reading is dropped for that subscriber only.
type Relay struct {
	cfg config

	publish     chan Reading
	subscribe   chan *subscription
	unsubscribe chan uint64
	stats       chan chan Stats

	nextID    uint64
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// NewRelay starts a relay.
func NewRelay(opts ...Option) *Relay {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	r := &Relay{
		cfg:         cfg,
		publish:     make(chan Reading),
		subscribe:   make(chan *subscription),
		unsubscribe: make(chan uint64),
		stats:       make(chan chan Stats),
		quit:        make(chan struct{}),
		done:        make(chan struct{}),
	}
	go r.run()
	return r
}

func (r *Relay) run() {
	defer close(r.done)
	subs := make(map[uint64]*subscription)
	var st Stats
	for {
		select {
		case rd := <-r.publish:
			st.Received++
			for _, s := range subs {
				if s.filter != nil && !s.filter(rd) {
					continue
				}
				select {
				case s.ch <- rd:
					st.Delivered++
				default:
					st.Dropped++
				}
			}
		case s := <-r.subscribe:
			subs[s.id] = s
		case id := <-r.unsubscribe:
			if s, ok := subs[id]; ok {
				delete(subs, id)
				close(s.ch)
			}
		case reply := <-r.stats:
			st.Subscribers = len(subs)
			reply <- st
		case <-r.quit:
			for id, s := range subs {
				delete(subs, id)
				close(s.ch)
			}
			return
		}
	}
}

// Publish hands a reading to the relay. It blocks only until the hub has
// accepted the reading, not until subscribers have consumed it.
func (r *Relay) Publish(ctx context.Context, rd Reading) error {
	if err := rd.Validate(); err != nil {
		return err
	}
	select {
	case r.publish <- rd:
		return nil
	case <-r.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Subscribe registers interest in the readings accepted by f. It returns the
// channel the readings arrive on and a function that cancels the
// subscription. The channel is closed when the relay is closed.
func (r *Relay) Subscribe(f Filter) (<-chan Reading, func(), error) {
	s := &subscription{
		id:     atomic.AddUint64(&r.nextID, 1),
		filter: f,
		ch:     make(chan Reading, r.cfg.bufferSize),
	}
	select {
	case r.subscribe <- s:
	case <-r.quit:
		return nil, nil, ErrClosed
	}
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			select {
			case r.unsubscribe <- s.id:
			case <-r.quit:
			}
		})
	}
	return s.ch, cancel, nil
}

// Stats returns the current relay counters.
func (r *Relay) Stats() (Stats, error) {
	reply := make(chan Stats, 1)
	select {
	case r.stats <- reply:
		return <-reply, nil
	case <-r.quit:
		return Stats{}, ErrClosed
	}
}

// Close stops the relay and closes every open subscription channel.
func (r *Relay) Close() error {
	r.closeOnce.Do(func() { close(r.quit) })
	<-r.done
	return nil
}
