package grading

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeScanner struct {
	mu      sync.Mutex
	logs    map[string]Scan
	faultAt string
	calls   int
}

func (f *fakeScanner) Scan(ctx context.Context, tag string) (Scan, error) {
	f.mu.Lock()
	f.calls++
	s, ok := f.logs[tag]
	fault := tag == f.faultAt
	f.mu.Unlock()

	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return Scan{}, ctx.Err()
	}
	if fault {
		return Scan{}, fmt.Errorf("head 2 encoder drift: %w", ErrScannerFault)
	}
	if !ok {
		return Scan{}, ErrNoReading
	}
	return s, nil
}

func deckOf(prefix string, n int) (Deck, map[string]Scan) {
	deck := Deck{ID: prefix}
	logs := make(map[string]Scan)
	for i := 0; i < n; i++ {
		tag := fmt.Sprintf("%s-%03d", prefix, i)
		deck.Tags = append(deck.Tags, tag)
		logs[tag] = Scan{
			Tag:         tag,
			Species:     "red oak",
			SmallEndDIB: 12 + float64(i%5),
			LargeEndDIB: 15 + float64(i%5),
			LengthFt:    10 + float64(2*(i%3)),
			SweepIn:     float64(i % 4),
			Defects: []Defect{
				{Kind: Knot, Face: Face(i % 4), StartFt: 2, EndFt: 3.5},
				{Kind: Seam, Face: Face((i + 1) % 4), StartFt: 4, EndFt: 9},
				{Kind: Bird, Face: Face((i + 2) % 4), StartFt: 1, EndFt: 1.5},
			},
		}
	}
	return deck, logs
}

func TestGradeDeckStopsOnScannerFault(t *testing.T) {
	defer goleak.VerifyNone(t)

	deck, logs := deckOf("D17", 12)
	delete(logs, "D17-005")
	scanner := &fakeScanner{logs: logs}
	line, err := NewLine(scanner, WithGraders(3), WithRule(Scribner))
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	tally, err := line.GradeDeck(ctx, deck)
	if err != nil {
		t.Fatalf("clean deck: %v", err)
	}
	if len(tally.Graded) != 11 || len(tally.Rejected) != 1 {
		t.Fatalf("graded %d, rejected %d; want 11 and 1", len(tally.Graded), len(tally.Rejected))
	}
	if tally.NetBF <= 0 {
		t.Fatalf("net volume %.0f", tally.NetBF)
	}

	next, more := deckOf("D18", 12)
	for k, v := range more {
		logs[k] = v
	}
	scanner.mu.Lock()
	scanner.faultAt = "D18-002"
	scanner.mu.Unlock()

	_, err = line.GradeDeck(ctx, next)
	if !errors.Is(err, ErrScannerFault) {
		t.Fatalf("faulted deck: got %v, want scanner fault", err)
	}
}

func TestAssessGrades(t *testing.T) {
	clean := Scan{Tag: "a", SmallEndDIB: 16, LargeEndDIB: 19, LengthFt: 12}
	if g := Assess(clean, Doyle).Grade; g != F1 {
		t.Errorf("clear 16in log graded %v", g)
	}
	rotten := clean
	rotten.Defects = []Defect{{Kind: EndRot, RotFraction: 0.6}}
	if g := Assess(rotten, Doyle).Grade; g != Cull {
		t.Errorf("rotten log graded %v", g)
	}
	if bf := Doyle.BoardFeet(16, 12); bf != 108 {
		t.Errorf("Doyle 16x12 = %v, want 108", bf)
	}
}
