package fanout

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strconv"
	"time"
)

// StatusError reports a non-2xx response from a subscriber.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("subscriber responded %d %s", e.Code, http.StatusText(e.Code))
}

// envelope is the JSON body subscribers receive.
type envelope struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Time time.Time       `json:"time"`
	Data json.RawMessage `json:"data"`
}

// deliver sends ev to sub, retrying transient failures with exponential
// backoff until it succeeds, MaxAttempts is reached or ctx ends.
func (d *Dispatcher) deliver(ctx context.Context, sub Subscription, ev Event) DeliveryResult {
	res := DeliveryResult{SubscriptionID: sub.ID}
	backoff := d.cfg.InitialBackoff
	for attempt := 1; ; attempt++ {
		res.Attempts = attempt
		res.Status, res.Err = d.attempt(ctx, sub, ev, attempt)
		if res.Err == nil || attempt == d.cfg.MaxAttempts || !retryable(res.Err) {
			return res
		}
		// Full jitter keeps a recovering endpoint from being hit by every
		// dispatcher at once.
		wait := time.Duration(rand.Int63n(int64(backoff)) + 1)
		select {
		case <-ctx.Done():
			res.Err = fmt.Errorf("%w (gave up: %v)", res.Err, ctx.Err())
			return res
		case <-d.cfg.Clock.After(wait):
		}
		if backoff *= 2; backoff > d.cfg.MaxBackoff {
			backoff = d.cfg.MaxBackoff
		}
	}
}

// attempt makes one delivery attempt. The body is streamed to the
// transport rather than buffered, since event payloads can be large and
// are sent to many subscribers at once.
func (d *Dispatcher) attempt(ctx context.Context, sub Subscription, ev Event, n int) (int, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeBody(pw, sub, ev)) // leak: nothing unblocks the writer if Post returns without draining the body
	}()

	status, err := d.cfg.Transport.Post(ctx, sub.URL, d.header(sub, ev, n), pr)
	if err != nil {
		return 0, fmt.Errorf("deliver %s to %s: %w", ev.ID, sub.ID, err)
	}
	if status < 200 || status > 299 {
		return status, fmt.Errorf("deliver %s to %s: %w", ev.ID, sub.ID, &StatusError{Code: status})
	}
	return status, nil
}

// writeBody encodes ev for sub into w.
func writeBody(w io.Writer, sub Subscription, ev Event) error {
	env := envelope{ID: ev.ID, Type: ev.Type, Time: ev.Time.UTC(), Data: ev.Data}
	if !sub.Gzip {
		return json.NewEncoder(w).Encode(env)
	}
	zw := gzip.NewWriter(w)
	if err := json.NewEncoder(zw).Encode(env); err != nil {
		zw.Close()
		return err
	}
	return zw.Close()
}

// header builds the request headers for attempt n of delivering ev to sub.
func (d *Dispatcher) header(sub Subscription, ev Event, n int) http.Header {
	h := make(http.Header)
	h.Set("Content-Type", "application/json")
	if sub.Gzip {
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("User-Agent", d.cfg.UserAgent)
	h.Set("Webhook-Id", ev.ID)
	h.Set("Webhook-Event", ev.Type)
	h.Set("Webhook-Timestamp", strconv.FormatInt(ev.Time.Unix(), 10))
	h.Set("Webhook-Attempt", strconv.Itoa(n))
	return h
}

// retryable reports whether a failed attempt is worth repeating: transport
// errors, timeouts, throttling and server errors are; other client errors
// and cancellation are not.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusRequestTimeout || se.Code == http.StatusTooManyRequests || se.Code >= 500
	}
	return true
}
