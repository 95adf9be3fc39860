package huts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"time"
)

var (
	// ErrUnknownHut is returned for hut ids the service does not manage.
	ErrUnknownHut = errors.New("huts: unknown hut")
	// ErrFull is returned when not enough beds are left for the night.
	ErrFull = errors.New("huts: not enough beds")
	// ErrNotFound is returned for unknown booking ids.
	ErrNotFound = errors.New("huts: booking not found")
)

// Payments authorises and voids deposits.
type Payments interface {
	Authorize(ctx context.Context, email string, cents int64) (authID string, err error)
	Void(ctx context.Context, authID string) error
}

// Portal is the regional alpine club portal that shows free beds to hikers.
type Portal interface {
	Publish(ctx context.Context, a Availability) error
}

// HutInfo describes a hut when the service is created.
type HutInfo struct {
	ID          string
	Name        string
	Beds        int
	DepositBeds int64
}

// Request asks for beds in one hut for one night.
type Request struct {
	HutID  string
	Night  time.Time
	Guests int
	Email  string
}

func (r Request) validate() error {
	if r.Guests <= 0 || r.Guests > 12 {
		return fmt.Errorf("huts: group size %d not accepted", r.Guests)
	}
	if r.Night.IsZero() {
		return errors.New("huts: night missing")
	}
	if _, err := mail.ParseAddress(r.Email); err != nil {
		return fmt.Errorf("huts: contact address: %w", err)
	}
	return nil
}

// Booking is a confirmed reservation.
type Booking struct {
	ID      string
	HutID   string
	Night   time.Time
	Guests  int
	Email   string
	AuthID  string
	Deposit int64
}

// Availability lists free beds per night for one hut.
type Availability struct {
	HutID string
	Free  map[string]int
	At    time.Time
}

func nightKey(t time.Time) string { return t.UTC().Format("2006-01-02") }
