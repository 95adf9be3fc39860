package blendlab

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// panel is a fake evaluator that rates heavier base accords as longer lasting.
type panel struct {
	delay time.Duration
}

func (p *panel) Evaluate(ctx context.Context, t Trial) (Assessment, error) {
	select {
	case <-time.After(p.delay):
	case <-ctx.Done():
		return Assessment{}, ctx.Err()
	}
	pyr := t.Pyramid()
	hours := 2 + pyr[Base]/10 + pyr[Heart]/25
	sillage := 1 + int(t.Dilution*15)
	if sillage > 5 {
		sillage = 5
	}
	return Assessment{
		Longevity: time.Duration(hours * float64(time.Hour)),
		Sillage:   sillage,
		Score:     5 + pyr[Heart]/20 - pyr[Top]/40,
		Notes:     "dominant: " + t.Dominant(1)[0],
	}, nil
}

func chypre(id string, oakmoss float64) Trial {
	return Trial{
		ID:       id,
		Perfumer: "mc",
		Dilution: 0.15,
		Ingredients: []Ingredient{
			{Material: "bergamot oil", Tier: Top, Percent: 22},
			{Material: "rose absolute", Tier: Heart, Percent: 18},
			{Material: "jasmine sambac", Tier: Heart, Percent: 12},
			{Material: "labdanum resinoid", Tier: Base, Percent: 20},
			{Material: "patchouli oil", Tier: Base, Percent: 28 - oakmoss},
			{Material: "oakmoss absolute", Tier: Base, Percent: oakmoss},
		},
	}
}

func TestMorningSession(t *testing.T) {
	results := make(chan Result, 16)
	lab, err := NewLab(&panel{delay: 5 * time.Millisecond}, Config{
		Stations:    3,
		MaxPending:  8,
		EvalTimeout: time.Second,
		OnResult:    func(r Result) { results <- r },
		Logger:      log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	trials := []Trial{
		chypre("CH-01", 0.4),
		chypre("CH-02", 0.5),
		chypre("CH-03", 0.6),
		chypre("CH-04", 2.0), // over the oakmoss limit once diluted
		chypre("CH-05", 0.3),
	}
	accepted := 0
	for _, tr := range trials {
		err := lab.Submit(tr)
		switch {
		case err == nil:
			accepted++
		case errors.Is(err, ErrInvalidTrial):
			t.Logf("rejected: %v", err)
		default:
			t.Fatalf("submit %s: %v", tr.ID, err)
		}
	}
	if accepted != 4 {
		t.Fatalf("accepted %d trials, want 4", accepted)
	}

	best := Result{}
	for i := 0; i < accepted; i++ {
		select {
		case r := <-results:
			if r.Err != nil {
				t.Errorf("trial %s: %v", r.Trial.ID, r.Err)
				continue
			}
			if r.Assessment.Score > best.Assessment.Score {
				best = r
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d results arrived", i, accepted)
		}
	}
	t.Logf("best: %s score %.2f longevity %s", best.Trial.ID, best.Assessment.Score, best.Assessment.Longevity)

	// Restocking rose absolute over lunch; then the lab is shut for the day.
	lab.Pause()
	if left := lab.Close(); len(left) != 0 {
		t.Errorf("%d trials discarded, want 0", len(left))
	}
	if err := lab.Submit(chypre("CH-06", 0.2)); !errors.Is(err, ErrClosed) {
		t.Errorf("submit after close: %v, want ErrClosed", err)
	}
	st := lab.Stats()
	if st.Submitted != 4 || st.Evaluated != 4 || st.Failed != 0 {
		t.Errorf("stats = %+v", st)
	}

	goleak.VerifyNone(t)
}
