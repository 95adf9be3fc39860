// Package sfu implements the forwarding core of a selective forwarding
// unit: media packets arriving from publishers are routed, unmodified, to
// every subscriber of the track through a bounded per-subscriber queue so
// that one slow receiver never stalls the others.
package sfu

import (
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Kind is the media type of a track.
type Kind int

// Track kinds.
const (
	KindAudio Kind = iota
	KindVideo
)

// Packet is one RTP packet belonging to a track.
type Packet struct {
	TrackID  string
	Seq      uint16
	Keyframe bool
	Payload  []byte
}

var (
	// ErrRoomClosed is returned by operations on a closed Room.
	ErrRoomClosed = errors.New("sfu: room closed")
	// ErrUnknownTrack is returned for a track that is not published.
	ErrUnknownTrack = errors.New("sfu: unknown track")
	// ErrReplaced is the terminal error of a subscriber whose participant
	// subscribed again, e.g. after reconnecting.
	ErrReplaced = errors.New("sfu: subscriber replaced by a newer session")
	// ErrUnsubscribed is the terminal error of an unsubscribed subscriber.
	ErrUnsubscribed = errors.New("sfu: unsubscribed")
)

// Clock abstracts time for keyframe request throttling.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config configures a Room.
type Config struct {
	// QueueSize is the per-subscriber queue length in packets. Zero means 256.
	QueueSize int
	// KeyframeInterval is the minimum time between two keyframe requests
	// for the same track. Zero means one second.
	KeyframeInterval time.Duration
	// OnKeyframeRequest is called (without locks held) when a video
	// track's subscribers need a fresh keyframe, e.g. to send a PLI to the
	// publisher. It may be nil.
	OnKeyframeRequest func(trackID string)
	Clock             Clock
	Logger            *log.Logger
}

type track struct {
	kind         Kind
	lastKeyframe time.Time
}

// Room routes packets between the participants of one conference.
type Room struct {
	cfg Config

	mu     sync.RWMutex
	tracks map[string]*track
	subs   map[string]*Subscriber
	closed bool
}

// NewRoom returns an empty Room.
func NewRoom(cfg Config) *Room {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 256
	}
	if cfg.KeyframeInterval <= 0 {
		cfg.KeyframeInterval = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Room{
		cfg:    cfg,
		tracks: make(map[string]*track),
		subs:   make(map[string]*Subscriber),
	}
}

// Publish announces a track so that participants can subscribe to it.
// Publishing an existing track ID again replaces it.
func (r *Room) Publish(trackID string, kind Kind) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrRoomClosed
	}
	r.tracks[trackID] = &track{kind: kind}
	return nil
}

// Subscribe registers participant id to receive the given tracks over t.
// If the participant is already subscribed (for example because it
// reconnected) the new session takes over.
func (r *Room) Subscribe(id string, t Transport, trackIDs ...string) (*Subscriber, error) {
	s := newSubscriber(r, id, t, trackIDs)

	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, ErrRoomClosed
	}
	for _, tid := range trackIDs {
		if _, ok := r.tracks[tid]; !ok {
			r.mu.Unlock()
			return nil, fmt.Errorf("subscribe %s: %w: %q", id, ErrUnknownTrack, tid)
		}
	}
	r.subs[id] = s
	r.mu.Unlock()

	go s.writeLoop()

	// A new receiver cannot decode video until the next keyframe.
	for _, tid := range trackIDs {
		r.requestKeyframe(tid)
	}
	return s, nil
}

// Unsubscribe stops delivery to participant id.
func (r *Room) Unsubscribe(id string) {
	r.mu.Lock()
	s, ok := r.subs[id]
	delete(r.subs, id)
	r.mu.Unlock()
	if ok {
		s.close(ErrUnsubscribed)
	}
}

// Forward routes a packet from a publisher to every subscriber of its
// track. It never blocks on a subscriber.
func (r *Room) Forward(p Packet) error {
	r.mu.RLock()
	if r.closed {
		r.mu.RUnlock()
		return ErrRoomClosed
	}
	if _, ok := r.tracks[p.TrackID]; !ok {
		r.mu.RUnlock()
		return fmt.Errorf("forward: %w: %q", ErrUnknownTrack, p.TrackID)
	}
	congested := false
	for _, s := range r.subs {
		if s.wants(p.TrackID) && s.enqueue(p) {
			congested = true
		}
	}
	r.mu.RUnlock()

	if congested {
		r.requestKeyframe(p.TrackID)
	}
	return nil
}

// Close stops all subscribers and waits for their write loops to finish.
func (r *Room) Close() {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.closed = true
	subs := make([]*Subscriber, 0, len(r.subs))
	for id, s := range r.subs {
		subs = append(subs, s)
		delete(r.subs, id)
	}
	r.mu.Unlock()

	for _, s := range subs {
		s.close(ErrRoomClosed)
	}
	for _, s := range subs {
		<-s.done
	}
}

// detach removes s from the room if it is still the registered session for
// its participant.
func (r *Room) detach(s *Subscriber) {
	r.mu.Lock()
	if r.subs[s.id] == s {
		delete(r.subs, s.id)
	}
	r.mu.Unlock()
}

// requestKeyframe asks the publisher of a video track for a keyframe, at
// most once per KeyframeInterval.
func (r *Room) requestKeyframe(trackID string) {
	if r.cfg.OnKeyframeRequest == nil {
		return
	}
	now := r.cfg.Clock.Now()
	r.mu.Lock()
	t, ok := r.tracks[trackID]
	due := ok && t.kind == KindVideo && now.Sub(t.lastKeyframe) >= r.cfg.KeyframeInterval
	if due {
		t.lastKeyframe = now
	}
	r.mu.Unlock()
	if due {
		r.cfg.OnKeyframeRequest(trackID)
	}
}
