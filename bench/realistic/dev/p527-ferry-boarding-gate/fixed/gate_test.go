package boarding

import (
	"context"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type bookingTable map[string]Pass

func (b bookingTable) Validate(ctx context.Context, ticket string) (Pass, error) {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return Pass{}, ctx.Err()
	}
	p, ok := b[ticket]
	if !ok {
		return Pass{}, ErrUnknownTicket
	}
	p.Ticket = ticket
	return p, nil
}

func TestMorningSailingWithLaneUnderMaintenance(t *testing.T) {
	defer goleak.VerifyNone(t)

	bookings := bookingTable{
		"T-1001": {Sailing: "HOL-0745", Deck: "passenger"},
		"T-1002": {Sailing: "HOL-0745", Deck: "passenger"},
		"T-1003": {Sailing: "HOL-0745", Deck: "passenger"},
		"T-1004": {Sailing: "HOL-1015", Deck: "passenger"},
		"V-2001": {Sailing: "HOL-0745", Deck: "car deck 1", Plate: "AB12 CDE"},
		"V-2002": {Sailing: "HOL-0745", Deck: "car deck 2", Plate: "XY70 ZZT"},
	}
	gate, err := NewGate(bookings, Config{
		Sailing: "HOL-0745",
		Lanes: []Lane{
			{ID: "walkway-A", Kind: FootLane},
			{ID: "walkway-B", Kind: FootLane, Closed: true},
			{ID: "ramp-1", Kind: VehicleLane},
		},
		FootCapacity:    200,
		VehicleCapacity: 40,
		ScanTimeout:     100 * time.Millisecond,
		Logger:          log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	queue := []Passenger{
		{Ticket: "T-1001", Name: "A. Morgan"},
		{Ticket: "V-2001", Name: "R. Patel", Plate: "AB12 CDE"},
		{Ticket: "T-1002", Name: "L. Chen"},
		{Ticket: "T-1004", Name: "M. Novak"},
		{Ticket: "T-1003", Name: "S. Okafor"},
		{Ticket: "V-2002", Name: "J. Byrne", Plate: "XY70 ZZT"},
		{Ticket: "T-1002", Name: "L. Chen"},
		{Ticket: "T-9999", Name: "K. Doe"},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	m, err := gate.Board(ctx, queue)
	if err != nil {
		t.Fatalf("Board: %v", err)
	}
	if m.Foot != 3 || m.Vehicles != 2 {
		t.Fatalf("boarded %d foot, %d vehicles; want 3 and 2", m.Foot, m.Vehicles)
	}
	if len(m.Denied) != 3 {
		t.Fatalf("denied %d passengers, want 3: %+v", len(m.Denied), m.Denied)
	}
}
