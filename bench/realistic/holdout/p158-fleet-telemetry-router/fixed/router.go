package telemetry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Router errors.
var (
	ErrClosed       = errors.New("telemetry: router closed")
	ErrBackpressure = errors.New("telemetry: vehicle queue full")
	errStale        = errors.New("telemetry: session replaced, retry")
)

// Message is what the router publishes for every accepted frame.
type Message struct {
	Vehicle    string
	Kind       Kind
	Epoch      uint16
	Seq        uint32
	SentAt     time.Time
	ReceivedAt time.Time
	Payload    []byte
}

// Publisher delivers messages to a topic on the message bus.
type Publisher interface {
	Publish(ctx context.Context, topic string, msg Message) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config configures a Router.
type Config struct {
	// Topics maps frame kinds to topics. Kinds without an entry go to
	// DefaultTopic; if that is empty they are dropped.
	Topics       map[Kind]string
	DefaultTopic string
	// QueueSize is the per-vehicle queue length. Defaults to 64.
	QueueSize int
	// DropWhenFull makes Ingest fail fast with ErrBackpressure instead of
	// waiting for room in a vehicle's queue.
	DropWhenFull bool
	// OnError is called for frames that could not be decoded or published.
	OnError func(vehicle string, err error)
	Clock   Clock
}

// Stats are cumulative router counters.
type Stats struct {
	Routed, Duplicates, Dropped, Errors int64
}

// Router fans frames out to one session per vehicle.
type Router struct {
	cfg Config
	pub Publisher

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	sessions map[string]*session
	closed   bool

	routed, duplicates, dropped, errs atomic.Int64
}

// NewRouter returns a Router publishing to pub.
func NewRouter(pub Publisher, cfg Config) *Router {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 64
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.OnError == nil {
		cfg.OnError = func(string, error) {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Router{
		cfg:      cfg,
		pub:      pub,
		ctx:      ctx,
		cancel:   cancel,
		sessions: make(map[string]*session),
	}
}

// Stats returns a snapshot of the router counters.
func (r *Router) Stats() Stats {
	return Stats{r.routed.Load(), r.duplicates.Load(), r.dropped.Load(), r.errs.Load()}
}

// Ingest queues a raw frame for its vehicle. Frames of one vehicle are
// processed in the order they are ingested.
func (r *Router) Ingest(ctx context.Context, raw []byte) error {
	h, _, err := PeekHeader(raw)
	if err != nil {
		r.errs.Add(1)
		return fmt.Errorf("ingest: %w", err)
	}
	s, err := r.sessionFor(h)
	if err != nil {
		return err
	}
	if err := s.enqueue(ctx, raw, r.cfg.DropWhenFull); err != nil {
		if errors.Is(err, ErrBackpressure) {
			r.dropped.Add(1)
		}
		return fmt.Errorf("ingest %s seq %d: %w", h.Vehicle, h.Seq, err)
	}
	return nil
}

// sessionFor returns the session for the vehicle and epoch in h, starting a
// new one when the vehicle is new or its telematics unit has rebooted.
func (r *Router) sessionFor(h Header) (*session, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	s, ok := r.sessions[h.Vehicle]
	if ok && s.epoch >= h.Epoch {
		return s, nil
	}
	if ok {
		s.close()
	}
	s = newSession(h.Vehicle, h.Epoch, r.cfg.QueueSize)
	r.sessions[h.Vehicle] = s
	go r.run(s)
	return s, nil
}

// Close stops accepting frames, drains every vehicle queue and waits for the
// queued frames to be published.
func (r *Router) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	r.closed = true
	sessions := make([]*session, 0, len(r.sessions))
	for _, s := range r.sessions {
		sessions = append(sessions, s)
	}
	r.mu.Unlock()

	for _, s := range sessions {
		s.close()
	}
	for _, s := range sessions {
		<-s.done
	}
	r.cancel()
	return nil
}

func (r *Router) topicFor(k Kind) string {
	if t, ok := r.cfg.Topics[k]; ok {
		return t
	}
	return r.cfg.DefaultTopic
}

// run decodes and publishes the frames of one vehicle session.
func (r *Router) run(s *session) {
	defer close(s.done)
	var last uint32
	for raw := range s.inbox {
		f, err := DecodeFrame(raw)
		if err != nil {
			r.errs.Add(1)
			r.cfg.OnError(s.vehicle, err)
			continue
		}
		if f.Epoch != s.epoch {
			// A frame from before the unit rebooted, delivered late.
			r.dropped.Add(1)
			continue
		}
		if f.Seq <= last {
			r.duplicates.Add(1)
			continue
		}
		last = f.Seq
		topic := r.topicFor(f.Kind)
		if topic == "" {
			r.dropped.Add(1)
			continue
		}
		msg := Message{
			Vehicle:    f.Vehicle,
			Kind:       f.Kind,
			Epoch:      f.Epoch,
			Seq:        f.Seq,
			SentAt:     f.Time,
			ReceivedAt: r.cfg.Clock.Now(),
			Payload:    f.Payload,
		}
		if err := r.pub.Publish(r.ctx, topic, msg); err != nil {
			r.errs.Add(1)
			r.cfg.OnError(s.vehicle, fmt.Errorf("publish to %s: %w", topic, err))
			continue
		}
		r.routed.Add(1)
	}
}
