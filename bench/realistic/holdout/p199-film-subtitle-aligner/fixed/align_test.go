package subalign

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// vad is a fake detector that knows where the dialogue really is.
type vad struct {
	speech   []Segment
	duration time.Duration
}

func (v *vad) Speech(ctx context.Context, from, to time.Duration) ([]Segment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if from >= v.duration {
		return nil, fmt.Errorf("vad %s..%s: %w", from, to, ErrBeyondTrack)
	}
	time.Sleep(time.Millisecond)
	var out []Segment
	for _, s := range v.speech {
		if s.End > from && s.Start < to {
			out = append(out, s)
		}
	}
	return out, nil
}

// film builds the true dialogue of scenes x lines, and an SRT whose cues
// are early by driftA before reel change at scene reel, and by driftB after.
func film(scenes, lines, reel int, driftA, driftB time.Duration) ([]Segment, string) {
	var (
		speech []Segment
		srt    strings.Builder
		t      = 30 * time.Second
		n      = 1
	)
	for s := 0; s < scenes; s++ {
		drift := driftA
		if s >= reel {
			drift = driftB
		}
		for l := 0; l < lines; l++ {
			d := 1500*time.Millisecond + time.Duration((l*37)%5)*200*time.Millisecond
			speech = append(speech, Segment{Start: t, End: t + d})
			fmt.Fprintf(&srt, "%d\n%s --> %s\nLine %d of scene %d.\n\n", n,
				formatTimestamp(t-drift), formatTimestamp(t+d-drift), l+1, s+1)
			n++
			t += d + time.Duration(300+(l*53)%700)*time.Millisecond
		}
		t += 12 * time.Second
	}
	return speech, srt.String()
}

func TestAlignAcrossReelChange(t *testing.T) {
	defer goleak.VerifyNone(t)

	speech, srt := film(6, 12, 3, 1200*time.Millisecond, 1500*time.Millisecond)
	cues, err := ParseSRT(strings.NewReader(srt))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(&vad{speech: speech, duration: 2 * time.Hour}, Config{MaxShift: 3 * time.Second, Step: 20 * time.Millisecond, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	out, rep, err := a.Align(context.Background(), cues)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Chunks) != 6 {
		t.Fatalf("got %d chunks, want 6", len(rep.Chunks))
	}
	for i, c := range rep.Chunks {
		want := 1200 * time.Millisecond
		if i >= 3 {
			want = 1500 * time.Millisecond
		}
		if !c.Applied || c.Shift != want {
			t.Errorf("chunk %d (cues %d-%d): shift %s applied=%v score %.2f, want %s", i, c.First, c.Last, c.Shift, c.Applied, c.Score, want)
		}
	}
	for i := range out {
		if out[i].Start != speech[i].Start {
			t.Fatalf("cue %d starts at %s, dialogue at %s", out[i].Index, out[i].Start, speech[i].Start)
		}
	}
	var buf bytes.Buffer
	if err := WriteSRT(&buf, out[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "1\n00:00:30,000 --> ") {
		t.Errorf("unexpected SRT output %q", buf.String())
	}
}

func TestAlignExtendedCutAgainstTheatricalAudio(t *testing.T) {
	defer goleak.VerifyNone(t)

	// Subtitles were authored for the extended cut; the audio delivered is
	// the theatrical cut, which ends after the fourth scene.
	speech, srt := film(7, 10, 7, time.Second, time.Second)
	cues, err := ParseSRT(strings.NewReader(srt))
	if err != nil {
		t.Fatal(err)
	}
	theatrical := speech[4*10-1].End + 5*time.Second
	a, err := New(&vad{speech: speech[:40], duration: theatrical}, Config{MaxShift: 2 * time.Second, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = a.Align(context.Background(), cues)
	if !errors.Is(err, ErrBeyondTrack) {
		t.Fatalf("Align error = %v, want %v", err, ErrBeyondTrack)
	}
}
