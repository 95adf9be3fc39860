package bounce

import (
	"context"
	"io"
	"time"
)

// Mailbox is the IMAP folder behind the envelope sender address.
type Mailbox interface {
	// List returns the IDs of the messages waiting to be processed.
	List(ctx context.Context) ([]string, error)
	// Fetch streams the raw RFC 5322 message with the given ID to w.
	Fetch(ctx context.Context, id string, w io.Writer) error
	// Move files a message into another folder once it has been handled.
	Move(ctx context.Context, id, folder string) error
}

// Store is the suppression list consulted by the sending side.
type Store interface {
	// Suppress stops mail to addr until the given time (zero: for good).
	Suppress(ctx context.Context, addr, reason string, until time.Time) error
	// RecordSoftBounce counts a soft bounce and returns the recent total.
	RecordSoftBounce(ctx context.Context, addr string, at time.Time) (int, error)
}

// Clock abstracts the current time.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
