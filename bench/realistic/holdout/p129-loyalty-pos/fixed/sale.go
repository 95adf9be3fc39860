// Package possync implements the in-store agent that keeps point-of-sale
// transactions and their loyalty accruals safe while the store's uplink is
// down, and ships them to the head-office loyalty service once the link is
// back.
package possync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Sale is one completed till transaction together with the loyalty points it
// earned. Sales are immutable once recorded.
type Sale struct {
	ID         string    `json:"id"`
	StoreID    string    `json:"store_id"`
	TerminalID string    `json:"terminal_id"`
	MemberID   string    `json:"member_id,omitempty"`
	TotalCents int64     `json:"total_cents"`
	Points     int64     `json:"points"`
	At         time.Time `json:"at"`
}

// Validate reports whether the sale is well formed enough to be queued.
func (s Sale) Validate() error {
	switch {
	case s.ID == "":
		return errors.New("sale has no id")
	case s.TerminalID == "":
		return fmt.Errorf("sale %s has no terminal id", s.ID)
	case s.TotalCents < 0:
		return fmt.Errorf("sale %s has negative total %d", s.ID, s.TotalCents)
	}
	return nil
}

// Queue is the durable local buffer the agent writes sales to before they
// are uploaded. Implementations are usually backed by an embedded database
// on the till server.
type Queue interface {
	// Append durably stores a sale.
	Append(ctx context.Context, s Sale) error
	// Peek returns up to limit of the oldest sales without removing them.
	Peek(ctx context.Context, limit int) ([]Sale, error)
	// Ack removes the sales with the given ids once head office has them.
	Ack(ctx context.Context, ids []string) error
}

// BatchHeader describes one upload to head office. The body that goes with
// it is a stream of newline-delimited JSON sales.
type BatchHeader struct {
	ID         string
	StoreID    string
	Count      int
	TotalCents int64
	Checksum   string
}

// Uploader delivers batches of sales to the head-office loyalty service.
// It returns an error wrapping ErrOffline when the store has no route out.
type Uploader interface {
	UploadBatch(ctx context.Context, hdr BatchHeader, body io.Reader) error
}

// Clock abstracts time so the agent can be driven in tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the agent uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

type systemTicker struct{ t *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.t.C }
func (t systemTicker) Stop()               { t.t.Stop() }

// newBatchHeader summarises a batch so head office can detect truncated or
// duplicated uploads.
func newBatchHeader(id, storeID string, sales []Sale) BatchHeader {
	h := sha256.New()
	var total int64
	for _, s := range sales {
		total += s.TotalCents
		h.Write([]byte(s.ID))
		h.Write([]byte{0})
		h.Write([]byte(strconv.FormatInt(s.TotalCents, 10)))
		h.Write([]byte{'\n'})
	}
	return BatchHeader{
		ID:         id,
		StoreID:    storeID,
		Count:      len(sales),
		TotalCents: total,
		Checksum:   hex.EncodeToString(h.Sum(nil)),
	}
}
