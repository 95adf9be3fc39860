package voicing

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeChest plays pipes of a slightly neglected Principal: a few are out of
// tune, one is overblowing and one speaks late.
type fakeChest struct {
	detune map[int]float64 // cents
	bright map[int]float64
	late   map[int]bool
	dead   map[int]bool
}

func (f *fakeChest) Measure(ctx context.Context, p Pipe) (Measurement, error) {
	// Bass pipes take longer to settle on the bench.
	settle := time.Duration(90-p.Note) * 20 * time.Microsecond
	select {
	case <-ctx.Done():
		return Measurement{}, ctx.Err()
	case <-time.After(settle):
	}
	if f.dead[p.Note] {
		return Measurement{}, errors.New("no wind at toe")
	}
	hz := TargetFrequency(p.Note, 440, 8) * math.Pow(2, f.detune[p.Note]/1200)
	m := Measurement{Fundamental: hz, Brightness: 0.3, Speech: 40 * time.Millisecond}
	if b, ok := f.bright[p.Note]; ok {
		m.Brightness = b
	}
	if f.late[p.Note] {
		m.Speech = 180 * time.Millisecond
	}
	return m, nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func principal8(from, to int) Rank {
	r := Rank{Name: "Principal 8'", Footage: 8}
	for n := from; n <= to; n++ {
		r.Pipes = append(r.Pipes, Pipe{Rank: r.Name, Note: n, Mouth: 30 - float64(n-36)*0.3, CutUp: 7})
	}
	return r
}

func TestVoiceTenorOctave(t *testing.T) {
	defer goleak.VerifyNone(t)

	chest := &fakeChest{
		detune: map[int]float64{50: -7.5, 53: 4.2, 57: 1.1},
		bright: map[int]float64{55: 0.8},
		late:   map[int]bool{48: true},
		dead:   map[int]bool{59: true},
	}
	b, err := NewBench(chest, WithWorkers(4), WithCentsTolerance(3), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rep, err := b.VoiceRank(ctx, principal8(48, 59))
	if err != nil {
		t.Fatal(err)
	}
	b.Close()

	if len(rep.Failed) != 1 || len(rep.Adjustments) != 11 {
		t.Fatalf("got %d adjustments, %d failures", len(rep.Adjustments), len(rep.Failed))
	}
	want := map[int]Action{48: Nick, 50: TuneUp, 53: TuneDown, 55: RaiseCutUp, 57: Leave}
	for _, a := range rep.Adjustments {
		if w, ok := want[a.Pipe.Note]; ok && a.Action != w {
			t.Errorf("note %d: got %v, want %v", a.Pipe.Note, a.Action, w)
		}
	}
	if got := rep.NeedsWork(); got != 4 {
		t.Errorf("NeedsWork = %d, want 4", got)
	}
}
