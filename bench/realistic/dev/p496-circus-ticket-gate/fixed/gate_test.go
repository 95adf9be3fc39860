package gate

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type boxOffice map[string]Ticket

func (b boxOffice) Lookup(ctx context.Context, code string) (Ticket, error) {
	t, ok := b[code]
	if !ok {
		return Ticket{}, errors.New("box office: no such ticket")
	}
	return t, nil
}

type board struct {
	mu   sync.Mutex
	last Occupancy
	n    int
}

func (b *board) Publish(ctx context.Context, o Occupancy) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = o
	b.n++
	return nil
}

func (b *board) latest() (Occupancy, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.n
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestMatineeDoors(t *testing.T) {
	const show = "2024-06-15 14:00"
	tickets := boxOffice{
		"RS-0101": {Code: "RS-0101", Kind: KindGeneral, Show: show, Section: "ringside", Reentry: true},
		"RS-0102": {Code: "RS-0102", Kind: KindChild, Show: show, Section: "ringside", AccompaniedBy: "RS-0101"},
		"TA-0440": {Code: "TA-0440", Kind: KindGeneral, Show: show, Section: "tier-a"},
		"BX-0007": {Code: "BX-0007", Kind: KindVIP, Show: show, Section: "box", Reentry: true},
		"TA-0999": {Code: "TA-0999", Kind: KindGeneral, Show: "2024-06-15 19:30", Section: "tier-a"},
	}
	clk := &clock{now: time.Date(2024, 6, 15, 13, 20, 0, 0, time.UTC)}
	brd := &board{}
	g, err := New(tickets, brd, Config{
		Show:            show,
		Capacity:        400,
		ReentryCooldown: 10 * time.Minute,
		ReportInterval:  5 * time.Millisecond,
		Now:             clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	scans := []struct {
		code string
		want error
	}{
		{"rs-0102", ErrUnaccompanied},
		{"RS-0101", nil},
		{"RS-0102", nil},
		{"TA-0440", nil},
		{"TA-0999", ErrWrongShow},
		{"BX-0007", nil},
		{"TA-0440", ErrAlreadyInside},
	}
	for _, s := range scans {
		clk.advance(15 * time.Second)
		if _, err := g.Admit(ctx, s.code); !errors.Is(err, s.want) {
			t.Fatalf("admit %s: got %v, want %v", s.code, err, s.want)
		}
	}

	// The VIP steps out for a smoke and comes back after the cooldown.
	if err := g.Exit("BX-0007"); err != nil {
		t.Fatal(err)
	}
	clk.advance(12 * time.Minute)
	if a, err := g.Admit(ctx, "BX-0007"); err != nil || !a.Return {
		t.Fatalf("VIP return: %+v, %v", a, err)
	}

	// The parent pops out to the car park and tries to walk straight back in.
	if err := g.Exit("RS-0101"); err != nil {
		t.Fatal(err)
	}
	clk.advance(2 * time.Minute)
	if _, err := g.Admit(ctx, "RS-0101"); !errors.Is(err, ErrReentryTooSoon) {
		t.Fatalf("early return: got %v, want ErrReentryTooSoon", err)
	}

	if st := g.Stats(); st.Admitted != 5 || st.Rejected != 4 || st.Exits != 2 {
		t.Fatalf("stats = %+v", st)
	}

	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := g.Close(cctx); err != nil {
		t.Errorf("close: %v", err)
	}
	if occ, n := brd.latest(); n == 0 || occ.Inside != 3 || occ.BySection["ringside"] != 1 {
		t.Errorf("board after close shows %+v (%d updates), want 3 inside, 1 ringside", occ, n)
	}

	goleak.VerifyNone(t)
}
