package boarding

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type queueScanner struct {
	mu      sync.Mutex
	tickets []Ticket
}

func (q *queueScanner) Next(ctx context.Context) (Ticket, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Ticket{}, err
	}
	if len(q.tickets) == 0 {
		return Ticket{}, io.EOF
	}
	t := q.tickets[0]
	q.tickets = q.tickets[1:]
	return t, nil
}

type memBookings struct {
	mu         sync.Mutex
	used       map[string]bool
	reinstated []string
}

func (b *memBookings) Redeem(_ context.Context, t Ticket) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used[t.Code] {
		return ErrAlreadyUsed
	}
	b.used[t.Code] = true
	return nil
}

func (b *memBookings) Reinstate(_ context.Context, t Ticket) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.used, t.Code)
	b.reinstated = append(b.reinstated, t.Code)
	return nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func walkUp(code string) Ticket {
	return Ticket{Code: code, SailingID: "ISL-0915", Fare: FareFoot}
}

func TestHeldSeatsReleasedAtCutoff(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	sailing, err := NewSailing("ISL-0915", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	bookings := &memBookings{used: map[string]bool{}}
	term, err := NewTerminal(Config{Bookings: bookings})
	if err != nil {
		t.Fatal(err)
	}
	if err := term.OpenGates(ctx, sailing, map[string]Scanner{
		"C1": &queueScanner{tickets: []Ticket{walkUp("W-2001")}},
		"C2": &queueScanner{tickets: []Ticket{walkUp("W-2002")}},
	}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both walk-ups waiting", func() bool { return sailing.Status().Waiting == 2 })
	if n := sailing.ReleaseHolds(); n != 2 {
		t.Fatalf("released %d holds, want 2", n)
	}
	waitFor(t, "both walk-ups on board", func() bool { return sailing.Status().Onboard == 2 })
	waitFor(t, "gates to finish", func() bool {
		s := term.Stats()
		return s["C1"].Admitted+s["C2"].Admitted == 2
	})
}

func TestFinalCallTurnsAwayWaitingPassengers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	sailing, err := NewSailing("ISL-0915", 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	bookings := &memBookings{used: map[string]bool{}}
	term, err := NewTerminal(Config{Bookings: bookings})
	if err != nil {
		t.Fatal(err)
	}

	gates := map[string]Scanner{
		"A1": &queueScanner{tickets: []Ticket{walkUp("W-1001")}},
		"A2": &queueScanner{tickets: []Ticket{walkUp("W-1002"), {Code: "X-77", SailingID: "ISL-1130"}}},
		"B1": &queueScanner{tickets: []Ticket{walkUp("W-1003")}},
		"B2": &queueScanner{tickets: []Ticket{walkUp("W-1004")}},
	}
	if err := term.OpenGates(ctx, sailing, gates); err != nil {
		t.Fatal(err)
	}

	waitFor(t, "two walk-ups on board and two held at the gates", func() bool {
		st := sailing.Status()
		return st.Onboard == 2 && st.Waiting == 2
	})

	sailing.CloseBoarding()

	if got := len(sailing.Manifest()); got != 2 {
		t.Fatalf("manifest has %d passengers, want 2", got)
	}
	if err := term.OpenGates(ctx, sailing, map[string]Scanner{"A1": &queueScanner{}}); err == nil {
		t.Fatal("reopening gate A1 succeeded")
	}
	if err := sailing.board(walkUp("W-1005")); !errors.Is(err, ErrBoardingClosed) {
		t.Fatalf("board after close = %v, want ErrBoardingClosed", err)
	}

	goleak.VerifyNone(t)
}
