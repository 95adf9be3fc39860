package brinepans

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeGauge struct {
	mu       sync.Mutex
	readings map[PanID][]Reading
	failures map[PanID]error
	calls    map[PanID]int
}

func newFakeGauge() *fakeGauge {
	return &fakeGauge{
		readings: make(map[PanID][]Reading),
		failures: make(map[PanID]error),
		calls:    make(map[PanID]int),
	}
}

func (g *fakeGauge) set(pan PanID, baume, tempC float64, depths ...float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	rs := make([]Reading, 0, len(depths))
	for _, d := range depths {
		rs = append(rs, Reading{Pan: pan, Baume: baume, TempC: tempC, DepthCM: d})
	}
	g.readings[pan] = rs
	g.calls[pan] = 0
}

func (g *fakeGauge) fail(pan PanID, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failures[pan] = err
}

func (g *fakeGauge) Sample(ctx context.Context, pan PanID) (Reading, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	if err := g.failures[pan]; err != nil {
		return Reading{}, err
	}
	rs := g.readings[pan]
	if len(rs) == 0 {
		return Reading{}, ErrGaugeOffline
	}
	i := g.calls[pan] % len(rs)
	g.calls[pan]++
	r := rs[i]
	r.TakenAt = time.Now()
	return r, nil
}

func layout() []Pan {
	return []Pan{
		{ID: "C1", Stage: StageConcentrator, Next: "C2", TargetBaume: 12},
		{ID: "C2", Stage: StageConcentrator, Next: "C3", TargetBaume: 18},
		{ID: "C3", Stage: StageConcentrator, Next: "X1", TargetBaume: 25},
		{ID: "X1", Stage: StageCrystallizer},
		{ID: "X2", Stage: StageCrystallizer},
	}
}

func TestMorningSurveyThenFouledProbe(t *testing.T) {
	defer goleak.VerifyNone(t)

	g := newFakeGauge()
	g.set("C1", 12.4, 15.5, 22, 21, 22)
	g.set("C2", 14.0, 17.5, 6, 7, 6)
	g.set("C3", 24.0, 15.5, 18, 18, 17)
	g.set("X1", 26.1, 15.5, 5, 4, 5)
	g.set("X2", 29.3, 15.5, 9, 9, 9)

	p, err := NewPlanner(g, layout(), WithSampleTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	s, err := p.Survey(ctx)
	if err != nil {
		t.Fatalf("morning survey: %v", err)
	}
	if len(s.Summaries) != 5 || len(s.Skipped) != 0 {
		t.Fatalf("got %d summaries, %d skipped", len(s.Summaries), len(s.Skipped))
	}
	want := map[PanID]Action{
		"C1": ActionTransfer,
		"C2": ActionTopUp,
		"X1": ActionHarvest,
		"X2": ActionDrainBittern,
	}
	got := make(map[PanID]Action)
	for _, r := range s.Recommendations {
		got[r.Pan] = r.Action
	}
	for pan, a := range want {
		if got[pan] != a {
			t.Errorf("pan %s: got %v, want %v", pan, got[pan], a)
		}
	}
	if len(got) != len(want) {
		t.Errorf("unexpected recommendations: %+v", s.Recommendations)
	}

	g.set("C2", 0, 0)
	g.fail("X1", errors.New("probe fouled by salt crust"))

	if _, err := p.Survey(ctx); err == nil {
		t.Fatal("afternoon survey: expected an error for the fouled probe")
	}
}
