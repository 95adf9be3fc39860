package farrier

import (
	"context"
	"errors"
	"io"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type countingForge struct {
	mu     sync.Mutex
	shoes  int
	broken map[int]bool
}

func (f *countingForge) Shape(ctx context.Context, size int, _ Hoof) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.broken[size] {
		return errors.New("no stock in that size")
	}
	f.shoes++
	return nil
}

type memLedger struct {
	mu      sync.Mutex
	entries []Result
}

func (l *memLedger) Record(_ context.Context, r Result) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, r)
	return nil
}

func TestDayAtTheForge(t *testing.T) {
	logger := log.New(io.Discard, "", 0)
	if testing.Verbose() {
		logger = log.New(os.Stderr, "yard ", log.Lmicroseconds)
	}
	forge := &countingForge{broken: map[int]bool{7: true}}
	ledger := &memLedger{}
	y, err := NewYard(Config{
		Farriers:   []string{"Tom", "Aoife", "Gareth", "Mei"},
		QueueLimit: 10,
		HoofTime:   2 * time.Millisecond,
		Forge:      forge,
		Ledger:     ledger,
		Logger:     logger,
	})
	if err != nil {
		t.Fatal(err)
	}

	bookings := []struct {
		horse Horse
		work  Work
	}{
		{Horse{Name: "Bramble", Owner: "J. Hart", Stall: "A1", ShoeSize: 3}, FullSet},
		{Horse{Name: "Pepper", Owner: "L. Moss", Stall: "A2", ShoeSize: 2}, Trim},
		{Horse{Name: "Duke", Owner: "R. Finch", Stall: "B4", ShoeSize: 4, Lame: true}, Remedial},
		{Horse{Name: "Willow", Owner: "S. Gray", Stall: "B1", ShoeSize: 3, Fractious: true}, FrontShoes},
		{Horse{Name: "Goliath", Owner: "P. Clay", Stall: "C3", ShoeSize: 7}, FullSet},
		{Horse{Name: "Maisie", Owner: "J. Hart", Stall: "A3", ShoeSize: 2}, FrontShoes},
	}
	var appts []*Appointment
	for _, b := range bookings {
		a, err := y.Book(b.horse, b.work)
		if err != nil {
			t.Fatalf("booking %s: %v", b.horse.Name, err)
		}
		appts = append(appts, a)
	}

	results := make(map[string]Result)
	deadline := time.After(2 * time.Second)
	for _, a := range appts {
		select {
		case r := <-a.Done():
			results[r.Horse] = r
		case <-deadline:
			t.Fatalf("timed out waiting for %s", a.Horse.Name)
		}
	}

	if !errors.Is(results["Willow"].Err, ErrNeedsSedate) {
		t.Errorf("Willow: got %v, want ErrNeedsSedate", results["Willow"].Err)
	}
	if results["Goliath"].Err == nil {
		t.Errorf("Goliath: expected forge failure for size 7")
	}
	if got := len(results["Duke"].Shod); got != 4 {
		t.Errorf("Duke: %d hooves shod, want 4", got)
	}

	y.Close()
	if _, err := y.Book(Horse{Name: "Latecomer"}, Trim); !errors.Is(err, ErrYardClosed) {
		t.Errorf("booking after close: got %v, want ErrYardClosed", err)
	}

	ledger.mu.Lock()
	recorded := len(ledger.entries)
	ledger.mu.Unlock()
	if recorded != 4 {
		t.Errorf("ledger has %d entries, want 4", recorded)
	}

	goleak.VerifyNone(t)
}
