package tracking

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// StatusCode is a carrier-neutral shipment status.
type StatusCode string

// Normalised status codes.
const (
	InfoReceived   StatusCode = "info_received"
	InTransit      StatusCode = "in_transit"
	OutForDelivery StatusCode = "out_for_delivery"
	Delivered      StatusCode = "delivered"
	Exception      StatusCode = "exception"
)

// Status is the latest scan a carrier reports for one parcel.
type Status struct {
	TrackingNumber string     `json:"tracking_number"`
	Code           StatusCode `json:"code"`
	Location       string     `json:"location,omitempty"`
	At             time.Time  `json:"at"`
}

// Carrier is the client for one carrier's batch tracking API.
type Carrier interface {
	// Name identifies the carrier, e.g. "ups".
	Name() string
	// Track sends the JSON batch request read from body and returns the
	// latest status of each parcel the carrier knows about.
	Track(ctx context.Context, body io.Reader) ([]Status, error)
}

// trackRequest is the batch request document understood by the carrier
// adapters.
type trackRequest struct {
	Account   string     `json:"account,omitempty"`
	Shipments []shipment `json:"shipments"`
}

type shipment struct {
	TrackingNumber string `json:"tracking_number"`
	Reference      string `json:"reference,omitempty"`
}

// requestStatuses asks c about parcels in batches of at most batchSize.
// Request bodies are streamed to the carrier client rather than buffered,
// as accounts with many open shipments produce large batches.
func (t *Tracker) requestStatuses(ctx context.Context, c Carrier, parcels []Parcel) ([]Status, error) {
	var all []Status
	for start := 0; start < len(parcels); start += t.batchSize {
		end := start + t.batchSize
		if end > len(parcels) {
			end = len(parcels)
		}
		req := trackRequest{Account: t.accounts[c.Name()]}
		for _, p := range parcels[start:end] {
			req.Shipments = append(req.Shipments, shipment{TrackingNumber: p.TrackingNumber, Reference: p.Reference})
		}

		pr, pw := io.Pipe()
		go func() {
			pw.CloseWithError(json.NewEncoder(pw).Encode(req))
		}()
		statuses, err := c.Track(ctx, pr)
		pr.Close() // unblocks the encoder if the carrier did not read the whole body
		if err != nil {
			return all, fmt.Errorf("batch %d-%d: %w", start, end, err)
		}
		all = append(all, statuses...)
	}
	return all, nil
}
