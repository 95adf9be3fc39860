package efiling

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ReviewQueue is a clerk's office review queue.
type ReviewQueue interface {
	// Name identifies the queue in receipts and logs.
	Name() string
	// Enqueue hands a stamped transmittal to the queue. The document is
	// only transferred if body is read to EOF.
	Enqueue(ctx context.Context, env Envelope, body io.Reader) error
}

// Clock abstracts time for stamping.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Logger receives operational messages from the gateway.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Option configures a Gateway.
type Option func(*Gateway)

// WithClock sets the clock used for received stamps.
func WithClock(c Clock) Option { return func(g *Gateway) { g.clock = c } }

// WithLogger sets the gateway's logger.
func WithLogger(l Logger) Option { return func(g *Gateway) { g.log = l } }

// WithMaxDocumentSize limits the size of accepted documents. Zero means no
// limit.
func WithMaxDocumentSize(n int64) Option { return func(g *Gateway) { g.maxSize = n } }

// WithQueue registers q as the review queue for the given court and
// document type. An empty document type makes q the court's default queue.
func WithQueue(courtID string, t DocumentType, q ReviewQueue) Option {
	return func(g *Gateway) {
		g.routes[routeKey{court: strings.ToLower(courtID), typ: t}] = q
	}
}

type routeKey struct {
	court string
	typ   DocumentType
}

// Gateway validates, stamps and forwards filings. It is safe for concurrent
// use.
type Gateway struct {
	clock   Clock
	log     Logger
	maxSize int64
	routes  map[routeKey]ReviewQueue

	mu  sync.Mutex
	seq map[string]uint64 // per-court envelope sequence
}

// DefaultMaxDocumentSize is the document size limit used unless
// WithMaxDocumentSize is given.
const DefaultMaxDocumentSize = 50 << 20

// NewGateway returns a gateway configured by opts.
func NewGateway(opts ...Option) *Gateway {
	g := &Gateway{
		clock:   systemClock{},
		log:     nopLogger{},
		maxSize: DefaultMaxDocumentSize,
		routes:  make(map[routeKey]ReviewQueue),
		seq:     make(map[string]uint64),
	}
	for _, opt := range opts {
		opt(g)
	}
	return g
}

// Submit validates f, stamps it and forwards it to the responsible clerk
// review queue. On success the returned receipt carries the envelope number
// the filer can use to track the filing.
func (g *Gateway) Submit(ctx context.Context, f Filing) (Receipt, error) {
	if err := validate(f, g.maxSize); err != nil {
		return Receipt{}, err
	}
	env := g.newEnvelope(f)
	q, err := g.route(env)
	if err != nil {
		return Receipt{}, err
	}

	body := stampedBody(env, f.Document)
	if err := q.Enqueue(ctx, env, body); err != nil {
		g.log.Printf("efiling: envelope %s rejected by %s: %v", env.Number, q.Name(), err)
		return Receipt{}, fmt.Errorf("efiling: forward envelope %s to %s: %w", env.Number, q.Name(), err)
	}

	g.log.Printf("efiling: envelope %s queued on %s", env.Number, q.Name())
	return Receipt{
		EnvelopeNumber: env.Number,
		Queue:          q.Name(),
		ReceivedAt:     env.ReceivedAt,
	}, nil
}

// newEnvelope assigns the next envelope number for the filing's court.
func (g *Gateway) newEnvelope(f Filing) Envelope {
	court := strings.ToLower(f.CourtID)
	now := g.clock.Now()

	g.mu.Lock()
	g.seq[court]++
	n := g.seq[court]
	g.mu.Unlock()

	return Envelope{
		Number:     fmt.Sprintf("%s-%s-%06d", strings.ToUpper(court), now.UTC().Format("20060102"), n),
		CourtID:    court,
		CaseNumber: f.CaseNumber,
		Type:       f.Type,
		Title:      f.Title,
		ReceivedAt: now,
		Size:       int64(len(f.Document)),
	}
}

// route finds the review queue for env, falling back to the court's
// default queue.
func (g *Gateway) route(env Envelope) (ReviewQueue, error) {
	if q, ok := g.routes[routeKey{court: env.CourtID, typ: env.Type}]; ok {
		return q, nil
	}
	if q, ok := g.routes[routeKey{court: env.CourtID}]; ok {
		return q, nil
	}
	return nil, fmt.Errorf("%w: court %s, type %s", ErrNoQueue, env.CourtID, env.Type)
}
