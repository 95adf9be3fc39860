// Package holds manages hold queues for a public library branch.
//
// Patrons place holds on titles. When a copy is checked in at the
// circulation desk it is routed to the first patron in line, placed on the
// pickup shelf and the patron is notified. Holds that are not collected
// within the pickup window expire so the shelf slot can be reused.
package holds

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// HoldID identifies a single hold.
type HoldID string

// Status is the lifecycle state of a hold.
type Status int

const (
	// StatusWaiting means the patron is in the queue for the title.
	StatusWaiting Status = iota
	// StatusInTransit means a copy has been assigned and is on its way to
	// the pickup shelf.
	StatusInTransit
	// StatusReady means the copy is on the pickup shelf.
	StatusReady
	// StatusCollected means the patron picked the copy up.
	StatusCollected
	// StatusExpired means the pickup window elapsed.
	StatusExpired
	// StatusCancelled means the patron or staff cancelled the hold.
	StatusCancelled
)

func (s Status) String() string {
	switch s {
	case StatusWaiting:
		return "waiting"
	case StatusInTransit:
		return "in-transit"
	case StatusReady:
		return "ready"
	case StatusCollected:
		return "collected"
	case StatusExpired:
		return "expired"
	case StatusCancelled:
		return "cancelled"
	default:
		return fmt.Sprintf("status(%d)", int(s))
	}
}

// Hold is a patron's request for a title.
type Hold struct {
	ID        HoldID
	ItemID    string
	PatronID  string
	PlacedAt  time.Time
	ReadyAt   time.Time
	ExpiresAt time.Time
	Status    Status
}

// Errors returned by the service.
var (
	ErrNotFound      = errors.New("holds: hold not found")
	ErrDuplicateHold = errors.New("holds: patron already holds this item")
	ErrNotReady      = errors.New("holds: hold is not ready for pickup")
	ErrFinished      = errors.New("holds: hold is no longer active")
	ErrClosed        = errors.New("holds: service closed")
)

// Notifier tells patrons about changes to their holds (email, SMS, app
// push). Implementations should respect the context deadline.
type Notifier interface {
	HoldReady(ctx context.Context, h Hold) error
	HoldExpired(ctx context.Context, h Hold) error
}

// Clock abstracts time for testing.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
