// Package fanout delivers events to webhook subscribers. Each published
// event is sent to every subscription interested in its type, concurrently,
// with per-subscriber retries and exponential backoff.
package fanout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Event is something subscribers can be told about.
type Event struct {
	ID   string
	Type string // dotted, e.g. "invoice.paid"
	Time time.Time
	Data json.RawMessage
}

// Subscription is a registered webhook endpoint.
type Subscription struct {
	ID  string
	URL string
	// Types the subscriber wants. An entry ending in ".*" matches a whole
	// family ("invoice.*"); an empty list matches everything.
	Types []string
	// Gzip compresses request bodies for endpoints that accept it.
	Gzip bool
}

// Wants reports whether s should receive events of type typ.
func (s Subscription) Wants(typ string) bool {
	if len(s.Types) == 0 {
		return true
	}
	for _, t := range s.Types {
		if t == typ || (strings.HasSuffix(t, ".*") && strings.HasPrefix(typ, t[:len(t)-1])) {
			return true
		}
	}
	return false
}

// SubscriptionStore lists the current subscriptions.
type SubscriptionStore interface {
	ListSubscriptions(ctx context.Context) ([]Subscription, error)
}

// Transport sends a single POST request and reports the response status.
// It must not retry on its own.
type Transport interface {
	Post(ctx context.Context, url string, header http.Header, body io.Reader) (status int, err error)
}

// HTTPTransport is a Transport backed by an *http.Client.
type HTTPTransport struct{ Client *http.Client }

// Post implements Transport.
func (t HTTPTransport) Post(ctx context.Context, url string, header http.Header, body io.Reader) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return 0, err
	}
	req.Header = header
	resp, err := t.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// Clock provides the timers used for backoff.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Dispatcher. Zero values select the defaults noted.
type Config struct {
	Subscriptions SubscriptionStore
	Transport     Transport // default: HTTPTransport with a 10s timeout
	Clock         Clock     // default: the system clock

	MaxAttempts    int           // per subscriber, default 5
	InitialBackoff time.Duration // default 500ms
	MaxBackoff     time.Duration // default 30s
	Concurrency    int           // deliveries in flight per event, default 16
	UserAgent      string
}

// DeliveryResult is the outcome of delivering one event to one subscriber.
type DeliveryResult struct {
	SubscriptionID string
	Attempts       int
	Status         int   // last HTTP status, 0 if none was received
	Err            error // nil if the event was delivered
}

// Report summarises the delivery of one event.
type Report struct {
	EventID string
	Results []DeliveryResult
}

// Failed returns the results of deliveries that did not succeed.
func (r Report) Failed() []DeliveryResult {
	var out []DeliveryResult
	for _, res := range r.Results {
		if res.Err != nil {
			out = append(out, res)
		}
	}
	return out
}

// Dispatcher fans events out to subscribers.
type Dispatcher struct {
	cfg Config
}

// New returns a Dispatcher for cfg.
func New(cfg Config) (*Dispatcher, error) {
	if cfg.Subscriptions == nil {
		return nil, errors.New("fanout: Subscriptions is required")
	}
	if cfg.Transport == nil {
		cfg.Transport = HTTPTransport{Client: &http.Client{Timeout: 10 * time.Second}}
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.InitialBackoff <= 0 {
		cfg.InitialBackoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff < cfg.InitialBackoff {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 16
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "fanout-webhooks/1.0"
	}
	return &Dispatcher{cfg: cfg}, nil
}

// Publish delivers ev to every interested subscriber and waits until each
// delivery has succeeded or given up. The error is non-nil only if the
// subscribers could not be determined; per-subscriber failures are in the
// report.
func (d *Dispatcher) Publish(ctx context.Context, ev Event) (Report, error) {
	if ev.ID == "" || ev.Type == "" {
		return Report{}, errors.New("fanout: event needs an ID and a Type")
	}
	subs, err := d.cfg.Subscriptions.ListSubscriptions(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("fanout: list subscriptions: %w", err)
	}
	var targets []Subscription
	for _, s := range subs {
		if s.Wants(ev.Type) {
			targets = append(targets, s)
		}
	}

	rep := Report{EventID: ev.ID, Results: make([]DeliveryResult, len(targets))}
	sem := make(chan struct{}, d.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, sub := range targets {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, sub Subscription) {
			defer func() {
				<-sem
				wg.Done()
			}()
			rep.Results[i] = d.deliver(ctx, sub, ev)
		}(i, sub)
	}
	wg.Wait()
	return rep, nil
}
