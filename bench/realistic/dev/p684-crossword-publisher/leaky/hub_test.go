package syndication

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanPartner struct {
	name string
	got  chan Edition
}

func newChanPartner(name string) *chanPartner {
	return &chanPartner{name: name, got: make(chan Edition, 4)}
}

func (p *chanPartner) Name() string { return p.name }

func (p *chanPartner) Deliver(ctx context.Context, e Edition) error {
	select {
	case p.got <- e:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *chanPartner) next(t *testing.T) Edition {
	t.Helper()
	select {
	case e := <-p.got:
		return e
	case <-time.After(2 * time.Second):
		t.Fatalf("%s: no edition delivered", p.name)
		return Edition{}
	}
}

func miniPuzzle(id string) Puzzle {
	return Puzzle{
		ID:          id,
		Title:       "Mini",
		Constructor: "E. Maleska",
		Date:        time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC),
		Grid:        []string{"CAT", "A#A", "TAR"},
		Across:      map[int]string{1: "Mouser", 3: "Road surface"},
		Down:        map[int]string{1: "Pet", 2: "Pitch"},
	}
}

func TestHubDeliversUntilUnsubscribed(t *testing.T) {
	defer goleak.VerifyNone(t)

	h := NewHub(Retries(0, 0), DeliveryTimeout(time.Second))
	times := newChanPartner("times")
	daily := newChanPartner("daily")

	unsubTimes, err := h.Subscribe(times)
	if err != nil {
		t.Fatal(err)
	}
	unsubDaily, err := h.Subscribe(daily)
	if err != nil {
		t.Fatal(err)
	}
	defer unsubDaily()

	if n, err := h.Publish(miniPuzzle("mini-0309")); err != nil || n != 2 {
		t.Fatalf("Publish = %d, %v; want 2 partners", n, err)
	}
	if e := times.next(t); e.PuzzleID != "mini-0309" {
		t.Errorf("times got %q", e.PuzzleID)
	}
	daily.next(t)

	// The Times cancels its contract.
	unsubTimes()
	unsubTimes()

	bad := miniPuzzle("mini-0310")
	bad.Grid = []string{"CAT", "##A", "TAR"}
	if _, err := h.Publish(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("asymmetric grid: got %v, want ErrInvalid", err)
	}
	if n, err := h.Publish(miniPuzzle("mini-0310")); err != nil || n != 1 {
		t.Fatalf("Publish = %d, %v; want 1 partner", n, err)
	}
	if e := daily.next(t); e.PuzzleID != "mini-0310" {
		t.Errorf("daily got %q", e.PuzzleID)
	}

	h.Close()
	if _, err := h.Subscribe(times); !errors.Is(err, ErrHubClosed) {
		t.Errorf("Subscribe after Close = %v, want ErrHubClosed", err)
	}
}
