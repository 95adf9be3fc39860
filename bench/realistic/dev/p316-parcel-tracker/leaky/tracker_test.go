package tracking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var scanTime = time.Date(2024, 6, 3, 8, 30, 0, 0, time.UTC)

// restCarrier behaves like an HTTP adapter: it sends the whole request body
// and answers from a canned table.
type restCarrier struct {
	name     string
	mu       sync.Mutex
	requests []trackRequest
	statuses map[string]Status
}

func (c *restCarrier) Name() string { return c.name }

func (c *restCarrier) Track(ctx context.Context, body io.Reader) ([]Status, error) {
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	var req trackRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, fmt.Errorf("bad request: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests = append(c.requests, req)
	var out []Status
	for _, s := range req.Shipments {
		if st, ok := c.statuses[s.TrackingNumber]; ok {
			out = append(out, st)
		}
	}
	return out, nil
}

var errRateLimited = errors.New("429 too many requests")

// throttledCarrier's client-side limiter rejects the call before any
// request is sent.
type throttledCarrier struct{ name string }

func (c throttledCarrier) Name() string { return c.name }

func (c throttledCarrier) Track(ctx context.Context, body io.Reader) ([]Status, error) {
	return nil, fmt.Errorf("%s: %w (retry after 60s)", c.name, errRateLimited)
}

func TestPollPublishesChangesDespiteFailingCarrier(t *testing.T) {
	defer goleak.VerifyNone(t)

	ups := &restCarrier{name: "ups", statuses: map[string]Status{
		"1Z001": {TrackingNumber: "1Z001", Code: InTransit, Location: "Louisville, KY", At: scanTime},
		"1Z002": {TrackingNumber: "1Z002", Code: Delivered, Location: "Austin, TX", At: scanTime},
	}}
	dhl := throttledCarrier{name: "dhl"}

	tr, err := New([]Carrier{ups, dhl}, WithBatchSize(10), WithAccount("ups", "A1B2C3"))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, p := range []Parcel{
		{Carrier: "ups", TrackingNumber: "1Z001", Reference: "order-17"},
		{Carrier: "ups", TrackingNumber: "1Z002", Reference: "order-18"},
		{Carrier: "dhl", TrackingNumber: "JD0140", Reference: "order-19"},
	} {
		if err := tr.Track(p); err != nil {
			t.Fatalf("Track(%v): %v", p, err)
		}
	}
	if err := tr.Track(Parcel{Carrier: "fedex", TrackingNumber: "7711"}); !errors.Is(err, ErrUnknownCarrier) {
		t.Errorf("Track fedex: got %v, want ErrUnknownCarrier", err)
	}

	events, unsubscribe := tr.Subscribe(8)
	defer unsubscribe()

	err = tr.PollOnce(context.Background())
	if !errors.Is(err, errRateLimited) {
		t.Fatalf("PollOnce: got %v, want rate limit error", err)
	}

	got := map[string]StatusCode{}
	for len(events) > 0 {
		ev := <-events
		got[ev.Parcel.TrackingNumber] = ev.Current.Code
		if ev.Parcel.Reference == "" {
			t.Errorf("event for %s lost the parcel reference", ev.Parcel.TrackingNumber)
		}
	}
	if len(got) != 2 || got["1Z001"] != InTransit || got["1Z002"] != Delivered {
		t.Errorf("events = %v", got)
	}
	if len(ups.requests) != 1 || ups.requests[0].Account != "A1B2C3" || len(ups.requests[0].Shipments) != 2 {
		t.Errorf("ups requests = %+v", ups.requests)
	}
}
