package tuning

import (
	"context"
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeMeter reports every pipe at its target pitch, detuned by a fixed
// number of cents for selected notes.
type fakeMeter struct {
	pitchA  float64
	footage float64
	tm      Temperament
	detune  map[int]float64
}

func (m fakeMeter) Measure(ctx context.Context, p Pipe) (float64, error) {
	target := TargetFrequency(m.pitchA, p.Note, m.footage, m.tm)
	return target * math.Pow(2, m.detune[p.Note]/1200), nil
}

func TestTuneSmallReedRank(t *testing.T) {
	defer goleak.VerifyNone(t)

	rank := Rank{
		Name:    "Trompette",
		Footage: 8,
		Pipes: []Pipe{
			{Rank: "Trompette", Note: 57},
			{Rank: "Trompette", Note: 58, Silenced: true},
			{Rank: "Trompette", Note: 59},
			{Rank: "Trompette", Note: 60},
			{Rank: "Trompette", Note: 61, Silenced: true},
		},
	}
	meter := fakeMeter{pitchA: 415, footage: 8, tm: WerckmeisterIII, detune: map[int]float64{59: -12, 60: 1}}
	tuner := New(meter, WithPitch(415), WithTemperament(WerckmeisterIII), WithWorkers(4))

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	report, err := tuner.TuneRank(ctx, rank)
	if err != nil {
		t.Fatalf("TuneRank: %v", err)
	}
	if len(report.Readings) != 3 || len(report.Skipped) != 2 {
		t.Fatalf("got %d readings and %d skipped, want 3 and 2", len(report.Readings), len(report.Skipped))
	}
	bad := report.OutOfTune()
	if len(bad) != 1 || bad[0].Pipe.Note != 59 || bad[0].Status != Flat {
		t.Fatalf("unexpected out-of-tune pipes: %+v", bad)
	}
	if math.Abs(bad[0].Cents+12) > 0.01 {
		t.Errorf("B3 measured %.2f cents, want -12", bad[0].Cents)
	}
	t.Log(report)
}
