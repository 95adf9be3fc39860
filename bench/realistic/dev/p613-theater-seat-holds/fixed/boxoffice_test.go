package seatholds

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type offer struct {
	perf string
	hold Hold
}

type recordingNotifier struct {
	mu     sync.Mutex
	offers chan offer
}

func newRecordingNotifier() *recordingNotifier {
	return &recordingNotifier{offers: make(chan offer, 16)}
}

func (n *recordingNotifier) OfferHold(ctx context.Context, perf string, h Hold) error {
	select {
	case n.offers <- offer{perf: perf, hold: h}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (n *recordingNotifier) next(t *testing.T, within time.Duration) offer {
	t.Helper()
	select {
	case o := <-n.offers:
		return o
	case <-time.After(within):
		t.Fatalf("no waitlist offer within %s", within)
		return offer{}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func rows(names string, perRow int) []SeatID {
	var out []SeatID
	for _, r := range names {
		for i := 1; i <= perRow; i++ {
			out = append(out, SeatID(fmt.Sprintf("%c%d", r, i)))
		}
	}
	return out
}

func TestSoldOutShowOffersExpiredHoldsToWaitlist(t *testing.T) {
	defer goleak.VerifyNone(t)

	notifier := newRecordingNotifier()
	box, err := New(Config{
		Performance:   "hamlet-0503-1930",
		Seats:         rows("AB", 4),
		HoldTTL:       40 * time.Millisecond,
		OfferTTL:      5 * time.Second,
		SweepInterval: 5 * time.Millisecond,
		Notifier:      notifier,
		Logger:        log.New(testWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer box.Close()

	ana, err := box.HoldBest("ana", 4)
	if err != nil {
		t.Fatalf("hold for ana: %v", err)
	}
	if err := box.Confirm(ana.ID); err != nil {
		t.Fatalf("confirm ana: %v", err)
	}
	if _, err := box.HoldSeats("ben", "B1", "B2"); err != nil {
		t.Fatalf("hold for ben: %v", err)
	}
	cho, err := box.HoldSeats("cho", "B3", "B4")
	if err != nil {
		t.Fatalf("hold for cho: %v", err)
	}
	if err := box.Confirm(cho.ID); err != nil {
		t.Fatalf("confirm cho: %v", err)
	}
	if _, err := box.HoldSeats("dev", "B2"); !errors.Is(err, ErrSeatTaken) {
		t.Fatalf("hold on held seat: got %v, want ErrSeatTaken", err)
	}
	if _, err := box.HoldBest("dev", 2); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("hold on sold-out show: got %v, want ErrSoldOut", err)
	}

	if pos, err := box.JoinWaitlist("dev", 2); err != nil || pos != 1 {
		t.Fatalf("dev joins waitlist: pos=%d err=%v", pos, err)
	}
	if pos, err := box.JoinWaitlist("eli", 3); err != nil || pos != 2 {
		t.Fatalf("eli joins waitlist: pos=%d err=%v", pos, err)
	}

	// ben never pays; his seats come back and go to dev.
	o := notifier.next(t, 2*time.Second)
	if o.hold.Customer != "dev" || len(o.hold.Seats) != 2 {
		t.Fatalf("offer = %+v, want 2 seats for dev", o.hold)
	}
	if err := box.Confirm(o.hold.ID); err != nil {
		t.Fatalf("dev accepts offer: %v", err)
	}
	if got := box.Available(); got != 0 {
		t.Fatalf("available after dev bought: %d, want 0", got)
	}
	if got := box.WaitlistLen(); got != 1 {
		t.Fatalf("waitlist length: %d, want 1 (eli)", got)
	}

	// Curtain: sales close with eli still waiting.
	if err := box.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := box.JoinWaitlist("fay", 1); !errors.Is(err, ErrClosed) {
		t.Fatalf("join after close: got %v, want ErrClosed", err)
	}
}
