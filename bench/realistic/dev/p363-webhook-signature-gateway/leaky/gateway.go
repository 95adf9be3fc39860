package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync"
	"time"
)

// Event is the envelope of every delivery.
type Event struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// Handler processes one event type. Returning an error wrapped with
// ErrRetryable asks the gateway to try again later.
type Handler interface {
	Handle(ctx context.Context, ev Event) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, ev Event) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, ev Event) error { return f(ctx, ev) }

// DedupStore remembers which event ids were processed successfully.
type DedupStore interface {
	Processed(ctx context.Context, id string) (bool, error)
	MarkProcessed(ctx context.Context, id string) error
}

// Clock provides time for signature checks and retry backoff.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// Config configures a Gateway.
type Config struct {
	Secrets  []string
	Store    DedupStore
	Handlers map[string]Handler
	Clock    Clock
	// Tolerance for signature timestamps. Zero means five minutes.
	Tolerance time.Duration
	// MaxAttempts per delivery. Zero means 5.
	MaxAttempts int
	// Backoff before the first retry; doubled on every attempt. Zero means
	// one second.
	Backoff time.Duration
	// MaxBody limits request bodies. Zero means 1 MiB.
	MaxBody int64
	// OnFailure is called when an event could not be processed. Defaults to
	// logging.
	OnFailure func(ev Event, err error)
}

var (
	// ErrRetryable marks handler errors worth retrying.
	ErrRetryable = errors.New("webhook: retryable")
	// ErrHandlerPanic wraps a panic raised by a handler.
	ErrHandlerPanic = errors.New("webhook: handler panicked")
)

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Gateway is an http.Handler receiving provider webhooks.
type Gateway struct {
	cfg      Config
	verifier *Verifier
	ctx      context.Context
	cancel   context.CancelFunc

	mu    sync.Mutex
	locks map[string]*keyLock
}

// New returns a Gateway for cfg.
func New(cfg Config) (*Gateway, error) {
	if len(cfg.Secrets) == 0 || cfg.Store == nil {
		return nil, fmt.Errorf("webhook: config: secrets and store are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Tolerance == 0 {
		cfg.Tolerance = 5 * time.Minute
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Second
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.OnFailure == nil {
		cfg.OnFailure = func(ev Event, err error) { log.Printf("webhook: event %s (%s): %v", ev.ID, ev.Type, err) }
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Gateway{
		cfg:      cfg,
		verifier: NewVerifier(cfg.Secrets, cfg.Tolerance, cfg.Clock.Now),
		ctx:      ctx,
		cancel:   cancel,
		locks:    make(map[string]*keyLock),
	}, nil
}

// Close aborts pending retries. Deliveries received afterwards are rejected.
func (g *Gateway) Close() { g.cancel() }

// ServeHTTP authenticates a delivery, acknowledges it and processes it in the
// background. Providers time out quickly, so handlers never run on the
// request path.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if g.ctx.Err() != nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, g.cfg.MaxBody+1))
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	if int64(len(body)) > g.cfg.MaxBody {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if err := g.verifier.Verify(r.Header.Get(SignatureHeader), body); err != nil {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID == "" || ev.Type == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	done, err := g.cfg.Store.Processed(r.Context(), ev.ID)
	if err != nil {
		http.Error(w, "dedup store unavailable", http.StatusServiceUnavailable)
		return
	}
	if done {
		w.WriteHeader(http.StatusOK)
		return
	}
	go g.dispatch(ev)
	w.WriteHeader(http.StatusAccepted)
}
