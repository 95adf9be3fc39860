package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// lane serialises deliveries to a single endpoint.
type lane struct {
	endpointID string
	jobs       chan Event
	done       chan struct{}
}

func newLane(endpointID string, backlog int) *lane {
	return &lane{
		endpointID: endpointID,
		jobs:       make(chan Event, backlog),
		done:       make(chan struct{}),
	}
}

// result summarises a delivery that did not succeed.
type result struct {
	attempts int
	status   int
	reason   string
	gone     bool
}

func (d *Dispatcher) run(l *lane) {
	defer close(l.done)
	for ev := range l.jobs { // leak: lane removed from map but jobs never closed
		res, ok := d.deliver(l, ev)
		if ok {
			continue
		}
		if res.gone {
			d.retire(l, res.reason)
		}
		d.deadLetter(l, ev, res)
	}
}

// deliver makes up to MaxAttempts attempts to deliver ev. It reports
// ok=false with the reason when the event should be dead-lettered.
func (d *Dispatcher) deliver(l *lane, ev Event) (res result, ok bool) {
	body, err := json.Marshal(ev)
	if err != nil {
		return result{reason: fmt.Sprintf("encode event: %v", err)}, false
	}
	for attempt := 1; attempt <= d.cfg.MaxAttempts; attempt++ {
		res.attempts = attempt
		if attempt > 1 {
			select {
			case <-d.cfg.Clock.After(d.backoff(attempt - 1)):
			case <-d.ctx.Done():
				res.reason = "dispatcher closed before retry"
				return res, false
			}
		}
		ep, err := d.endpoints.Endpoint(d.ctx, l.endpointID)
		if err != nil {
			res.reason = fmt.Sprintf("look up endpoint: %v", err)
			continue
		}
		status, err := d.post(ep, ev, body)
		res.status = status
		switch {
		case err != nil:
			res.reason = err.Error()
		case status >= 200 && status < 300:
			return res, true
		case status == http.StatusGone:
			res.reason, res.gone = "endpoint responded 410 Gone", true
			return res, false
		case status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests:
			res.reason = fmt.Sprintf("endpoint rejected delivery with %d", status)
			return res, false
		default:
			res.reason = fmt.Sprintf("endpoint responded %d", status)
		}
	}
	return res, false
}

// post sends one signed delivery attempt and returns the response status.
func (d *Dispatcher) post(ep Endpoint, ev Event, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(d.ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Payment-Event-Id", ev.ID)
	req.Header.Set(SignatureHeader, Sign(ep.Secret, d.cfg.Clock.Now(), body))
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("post to %s: %w", ep.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

func (d *Dispatcher) backoff(retry int) time.Duration {
	b := d.cfg.BackoffBase << (retry - 1)
	if b <= 0 || b > d.cfg.BackoffMax {
		b = d.cfg.BackoffMax
	}
	return b
}
