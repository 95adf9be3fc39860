package sequencer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDevice struct {
	name  string
	delay time.Duration
	fail  map[string]error

	mu     sync.Mutex
	fired  []string
	active int
	overlp bool
}

func (d *fakeDevice) Name() string { return d.name }

func (d *fakeDevice) Fire(ctx context.Context, c Cue) error {
	d.mu.Lock()
	d.active++
	if d.active > 1 {
		d.overlp = true
	}
	d.fired = append(d.fired, c.Action)
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.active--
		d.mu.Unlock()
	}()

	select {
	case <-time.After(d.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	return d.fail[c.Action]
}

const eveningShow = `
title: Journey to the Galilean Moons
# house to half, then the sky
T+0s    cove      dim        50%
T+0s    audio     play       intro.wav
T+5ms   cove      dim        0%
T+5ms   starball  lamp-on    !
T+10ms  video     load       jupiter.mp4
T+10ms  starball  rotate     latitude=52
T+20ms  video     crossfade  io europa 2s
T+20ms  audio     duck       -12dB
T+25ms  cove      strobe     3x
T+30ms  audio     play       outro.wav
T+35ms  cove      dim        60%
`

func TestEveningPerformance(t *testing.T) {
	defer goleak.VerifyNone(t)

	show, err := ParseShow(strings.NewReader(eveningShow))
	if err != nil {
		t.Fatal(err)
	}
	cove := &fakeDevice{name: "cove", delay: 2 * time.Millisecond, fail: map[string]error{"strobe": errors.New("dmx universe 2 offline")}}
	audio := &fakeDevice{name: "audio", delay: 3 * time.Millisecond}
	starball := &fakeDevice{name: "starball", delay: 4 * time.Millisecond}
	video := &fakeDevice{name: "video", delay: 6 * time.Millisecond}

	seq, err := New(Config{Lanes: 3, FireTimeout: time.Second}, []Device{cove, audio, starball, video})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	seq.Start(ctx)

	rep, err := seq.Play(ctx, show, WallClock)
	if err != nil {
		t.Fatalf("play: %v", err)
	}
	seq.Close()

	if rep.Title != "Journey to the Galilean Moons" || rep.Aborted {
		t.Errorf("report header: %+v", rep)
	}
	if rep.Fired != len(show.Cues) {
		t.Errorf("fired %d cues, want %d", rep.Fired, len(show.Cues))
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Cue.Action != "strobe" {
		t.Errorf("failed cues: %+v", rep.Failed)
	}
	if got := strings.Join(cove.fired, ","); got != "dim,dim,strobe,dim" {
		t.Errorf("cove fired %s", got)
	}
	for _, d := range []*fakeDevice{cove, audio, starball, video} {
		if d.overlp {
			t.Errorf("device %s fired two cues at once", d.name)
		}
	}
	if err := seq.Enqueue(Cue{Device: "cove", Action: "dim"}); !errors.Is(err, ErrClosed) {
		t.Errorf("enqueue after close: %v", err)
	}
}
