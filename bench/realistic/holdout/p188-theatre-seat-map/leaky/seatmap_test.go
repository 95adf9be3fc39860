package seatmap

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeConn struct {
	updates chan Update
}

func newFakeConn() *fakeConn { return &fakeConn{updates: make(chan Update, 16)} }

func (c *fakeConn) Send(u Update) error {
	c.updates <- u
	return nil
}

func (c *fakeConn) next(t *testing.T) Update {
	t.Helper()
	select {
	case u := <-c.updates:
		return u
	case <-time.After(time.Second):
		t.Fatal("no update delivered")
		return Update{}
	}
}

type fakePayments struct {
	decline map[string]bool
}

func (p fakePayments) Charge(_ context.Context, buyer string, _ int64, ref string) (string, error) {
	if p.decline[buyer] {
		return "", errors.New("card declined")
	}
	return "rcpt-" + ref, nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func TestBuyerReconnectKeepsReceivingUpdates(t *testing.T) {
	defer goleak.VerifyNone(t)

	m, err := New(Config{
		Performance: "hamlet-0614-1930",
		Prices:      map[SeatID]int64{"STALLS-F11": 6500, "STALLS-F12": 6500, "CIRCLE-A1": 4200},
		Payments:    fakePayments{decline: map[string]bool{"buyer-2": true}},
		Clock:       fixedClock{time.Date(2024, 6, 14, 18, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	first := newFakeConn()
	if err := m.Watch("buyer-1", first); err != nil {
		t.Fatal(err)
	}
	if u := first.next(t); !u.Full || len(u.Seats) != 3 {
		t.Fatalf("first update = %+v, want full map of 3 seats", u)
	}

	// The buyer refreshes the page and the browser opens a new stream.
	second := newFakeConn()
	if err := m.Watch("buyer-1", second); err != nil {
		t.Fatal(err)
	}
	if u := second.next(t); !u.Full {
		t.Fatalf("update after reconnect = %+v, want full map", u)
	}

	h, err := m.Hold("buyer-1", []SeatID{"STALLS-F11", "STALLS-F12"})
	if err != nil {
		t.Fatalf("Hold: %v", err)
	}
	if u := second.next(t); u.Seats["STALLS-F11"] != Held || u.Seats["STALLS-F12"] != Held {
		t.Fatalf("hold update = %+v", u)
	}
	if _, err := m.Hold("buyer-2", []SeatID{"STALLS-F12"}); !errors.Is(err, ErrSeatTaken) {
		t.Fatalf("Hold taken seat: got %v, want ErrSeatTaken", err)
	}

	order, err := m.Checkout(context.Background(), h.ID)
	if err != nil {
		t.Fatalf("Checkout: %v", err)
	}
	if order.AmountCents != 13000 {
		t.Fatalf("order amount = %d, want 13000", order.AmountCents)
	}
	if u := second.next(t); u.Seats["STALLS-F11"] != Sold {
		t.Fatalf("sale update = %+v", u)
	}

	declined, err := m.Hold("buyer-2", []SeatID{"CIRCLE-A1"})
	if err != nil {
		t.Fatalf("Hold: %v", err)
	}
	second.next(t)
	if _, err := m.Checkout(context.Background(), declined.ID); err == nil {
		t.Fatal("Checkout with declined card succeeded")
	}
	if u := second.next(t); u.Seats["CIRCLE-A1"] != Available {
		t.Fatalf("release update = %+v", u)
	}
	if got := m.Available(); len(got) != 1 || got[0] != "CIRCLE-A1" {
		t.Fatalf("Available = %v", got)
	}
}
