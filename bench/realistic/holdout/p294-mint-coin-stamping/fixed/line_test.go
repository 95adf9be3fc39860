package stamping

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type passInspector struct{}

func (passInspector) Inspect(ctx context.Context, c Coin) (Grade, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if c.Force < 100 {
		return GradeWeakStrike, nil
	}
	return GradePass, nil
}

type tray struct {
	mu       sync.Mutex
	accepted []Coin
	rejected []string
	scrapped []Blank
}

func (t *tray) Accepted(c Coin) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.accepted = append(t.accepted, c)
}

func (t *tray) Rejected(_ Coin, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rejected = append(t.rejected, reason)
}

func (t *tray) Scrapped(b Blank, _ string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scrapped = append(t.scrapped, b)
}

func (t *tray) counts() (acc, rej, scr int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.accepted), len(t.rejected), len(t.scrapped)
}

type dieRequest struct {
	press   int
	serial  string
	strikes int
}

type crew struct {
	requests chan dieRequest
}

func (c *crew) RequestDieChange(press int, serial string, strikes int) {
	c.requests <- dieRequest{press: press, serial: serial, strikes: strikes}
}

func quarterBlanks(lot string, n int) []Blank {
	out := make([]Blank, n)
	for i := range out {
		out[i] = Blank{Lot: lot, Seq: i + 1, Denomination: Cent25, MassGrams: 5.670 + float64(i%3-1)*0.05}
	}
	return out
}

func TestShiftEndsWhilePressesAwaitDies(t *testing.T) {
	defer goleak.VerifyNone(t)

	out := &tray{}
	cr := &crew{requests: make(chan dieRequest, 8)}
	line, err := NewLine(Config{
		Denomination:   Cent25,
		Presses:        2,
		DieLife:        4,
		InspectTimeout: 100 * time.Millisecond,
		Logger:         log.New(io.Discard, "", 0),
	}, passInspector{}, out, cr)
	if err != nil {
		t.Fatal(err)
	}

	blanks := quarterBlanks("L-0412", 10)
	blanks = append(blanks, Blank{Lot: "L-0412", Seq: 11, Denomination: Cent25, MassGrams: 6.2})
	queued, err := line.Feed(blanks...)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 10 {
		t.Fatalf("queued %d blanks, want 10", queued)
	}

	seen := map[int]dieRequest{}
	deadline := time.After(2 * time.Second)
	for len(seen) < 2 {
		select {
		case r := <-cr.requests:
			if r.strikes != 4 {
				t.Errorf("press %d retired die %s after %d strikes, want 4", r.press, r.serial, r.strikes)
			}
			seen[r.press] = r
		case <-deadline:
			t.Fatalf("only %d die change requests before deadline", len(seen))
		}
	}

	acc, rej, scr := out.counts()
	if acc != 8 || rej != 0 || scr != 1 {
		t.Fatalf("accepted=%d rejected=%d scrapped=%d, want 8/0/1", acc, rej, scr)
	}
	if p := line.Pending(); p != 2 {
		t.Fatalf("pending = %d, want 2", p)
	}

	// End of shift: the crew will mount new dies tomorrow.
	left := line.Close()
	if len(left) != 2 {
		t.Fatalf("returned %d blanks to hopper, want 2", len(left))
	}
	if _, err := line.Feed(quarterBlanks("L-0413", 1)...); err != ErrClosed {
		t.Fatalf("feed after close: err = %v, want ErrClosed", err)
	}
}
