package grading

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type ruleBooks struct {
	mu    sync.Mutex
	books []RuleSet
}

func (r *ruleBooks) Load(context.Context) (RuleSet, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rs := r.books[0]
	if len(r.books) > 1 {
		r.books = r.books[1:]
	}
	return rs, nil
}

type tally struct {
	mu   sync.Mutex
	logs map[string]Graded
}

func (t *tally) Record(_ context.Context, g Graded) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.logs[g.Tag] = g
	return nil
}

func (t *tally) get(tag string) (Graded, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.logs[tag]
	return g, ok
}

func oakRules(version string, f1Diameter float64) RuleSet {
	return RuleSet{
		Version: version,
		Scale:   Doyle,
		Cull:    "cull",
		Species: map[string][]GradeSpec{
			"Red Oak": {
				{Name: "F1", MinDiameter: f1Diameter, MinLength: 10, MaxSweepPct: 15, MaxKnots: 0, MaxDeduction: 0.15},
				{Name: "F2", MinDiameter: 11, MinLength: 8, MaxSweepPct: 30, MaxKnots: 2, MaxDeduction: 0.3},
				{Name: "F3", MinDiameter: 8, MinLength: 8, MaxSweepPct: 50, MaxKnots: 6, AllowRot: true, MaxDeduction: 0.5},
			},
		},
	}
}

func deck(prefix string) []Scan {
	return []Scan{
		{Tag: prefix + "1", Species: "Red Oak", SmallEnd: 13.5, LargeEnd: 15, Length: 12, Sweep: 1},
		{Tag: prefix + "2", Species: "Red Oak", SmallEnd: 16, LargeEnd: 18, Length: 14, Sweep: 1.5},
		{Tag: prefix + "3", Species: "Red Oak", SmallEnd: 12, LargeEnd: 13, Length: 10, Sweep: 2, Defects: []Defect{{Kind: Knot, Size: 1}}},
		{Tag: prefix + "4", Species: "Red Oak", SmallEnd: 9, LargeEnd: 10.5, Length: 8, Sweep: 3, Defects: []Defect{{Kind: Rot, Size: 3}}},
		{Tag: prefix + "5", Species: "Red Oak", SmallEnd: 7, LargeEnd: 8, Length: 8},
		{Tag: prefix + "6", Species: "Red Oak", SmallEnd: 14.5, LargeEnd: 16, Length: 12, Defects: []Defect{{Kind: Split, Size: 10}}},
	}
}

func TestGradingAcrossRuleReload(t *testing.T) {
	defer goleak.VerifyNone(t)

	books := &ruleBooks{books: []RuleSet{oakRules("2024-03", 13), oakRules("2024-04", 14)}}
	sink := &tally{logs: make(map[string]Graded)}
	g := New(books, sink, WithWorkers(3), WithQueueDepth(4), WithLogger(log.New(os.Stderr, "", 0)))

	ctx := context.Background()
	if err := g.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range deck("A") {
		if err := g.Submit(ctx, s); err != nil {
			t.Fatalf("submit %s: %v", s.Tag, err)
		}
	}
	if err := g.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range deck("B") {
		if err := g.Submit(ctx, s); err != nil {
			t.Fatalf("submit %s: %v", s.Tag, err)
		}
	}
	if err := g.Submit(ctx, Scan{Tag: "B7", Species: "Red Oak", SmallEnd: 12, LargeEnd: 10, Length: 10}); err == nil {
		t.Error("scan with small end larger than large end was accepted")
	}
	g.Stop()

	want := map[string]string{"B1": "F2", "B2": "F1", "B3": "F2", "B4": "F3", "B5": "cull", "B6": "F2"}
	for tag, grade := range want {
		got, ok := sink.get(tag)
		if !ok {
			t.Errorf("%s not in tally", tag)
			continue
		}
		if got.Grade != grade || got.RulesVersion != "2024-04" {
			t.Errorf("%s graded %s under %s, want %s under 2024-04", tag, got.Grade, got.RulesVersion, grade)
		}
	}
	if got, _ := sink.get("B2"); got.GrossBF != 126 {
		t.Errorf("B2 gross = %d bf, want 126", got.GrossBF)
	}
	if err := g.Submit(ctx, deck("C")[0]); !errors.Is(err, ErrNotRunning) {
		t.Errorf("submit after stop: %v", err)
	}
}
