package sfu

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Transport delivers packets to one remote participant, typically over an
// SRTP session. WritePacket may block while the network is congested; Close
// must unblock it.
type Transport interface {
	WritePacket(p Packet) error
	Close() error
}

// Subscriber is one participant receiving a set of tracks.
type Subscriber struct {
	id        string
	transport Transport
	queue     *packetQueue
	room      *Room
	tracks    map[string]struct{}

	dropped uint64

	closeOnce sync.Once
	mu        sync.Mutex
	err       error
	done      chan struct{}
}

func newSubscriber(r *Room, id string, t Transport, trackIDs []string) *Subscriber {
	s := &Subscriber{
		id:        id,
		transport: t,
		queue:     newPacketQueue(r.cfg.QueueSize),
		room:      r,
		tracks:    make(map[string]struct{}, len(trackIDs)),
		done:      make(chan struct{}),
	}
	for _, id := range trackIDs {
		s.tracks[id] = struct{}{}
	}
	return s
}

// Dropped returns how many packets were discarded for a slow receiver.
func (s *Subscriber) Dropped() uint64 { return atomic.LoadUint64(&s.dropped) }

// Err reports why the subscriber stopped, or nil while it is running.
func (s *Subscriber) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Subscriber) wants(trackID string) bool {
	_, ok := s.tracks[trackID]
	return ok
}

// enqueue hands p to the write loop without blocking the publisher. It
// reports whether an older packet was dropped to make room.
func (s *Subscriber) enqueue(p Packet) bool {
	dropped, ok := s.queue.push(p)
	if ok && dropped {
		atomic.AddUint64(&s.dropped, 1)
	}
	return ok && dropped
}

// writeLoop drains the queue into the transport until the subscriber is
// closed or the transport fails.
func (s *Subscriber) writeLoop() {
	defer close(s.done)
	for {
		p, ok := s.queue.pop()
		if !ok {
			return
		}
		if err := s.transport.WritePacket(p); err != nil {
			s.close(fmt.Errorf("sfu: writing to %s: %w", s.id, err))
			s.room.detach(s)
			return
		}
	}
}

// close stops the subscriber, recording reason as its terminal error.
func (s *Subscriber) close(reason error) {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.err = reason
		s.mu.Unlock()
		s.queue.close()
		if err := s.transport.Close(); err != nil {
			s.room.cfg.Logger.Printf("sfu: closing transport of %s: %v", s.id, err)
		}
	})
}
