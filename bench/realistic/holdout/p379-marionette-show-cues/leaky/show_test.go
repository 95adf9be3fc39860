package marionette

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeRig struct {
	done chan Cue
}

func (r *fakeRig) Perform(ctx context.Context, c Cue) error {
	r.done <- c
	return nil
}

func waitCue(t *testing.T, ch <-chan Cue, want int) {
	t.Helper()
	select {
	case c := <-ch:
		if c.Number != want {
			t.Fatalf("performed %v, want cue %d", c, want)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("cue %d was not performed", want)
	}
}

const sheetText = `
# Act I, scene 1
1 hamlet enter stage left
2 ophelia enter stage right
3 hamlet bow
4 ophelia curtsey
`

func TestStopBeforeCurtainCall(t *testing.T) {
	defer goleak.VerifyNone(t)

	sheet, err := ParseCueSheet(strings.NewReader(sheetText))
	if err != nil {
		t.Fatal(err)
	}
	hamlet := &fakeRig{done: make(chan Cue, 4)}
	ophelia := &fakeRig{done: make(chan Cue, 4)}
	show, err := NewShow(sheet, map[string]Rig{"hamlet": hamlet, "ophelia": ophelia})
	if err != nil {
		t.Fatal(err)
	}

	show.Start(context.Background())
	if err := show.Go(1); err != nil {
		t.Fatal(err)
	}
	waitCue(t, hamlet.done, 1)
	if err := show.Go(2); err != nil {
		t.Fatal(err)
	}
	waitCue(t, ophelia.done, 2)

	// The house lights come up early: the show is stopped with cues 3 and 4
	// still pending.
	if err := show.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if got := len(show.Log()); got != 2 {
		t.Fatalf("performed %d cues, want 2", got)
	}
	if err := show.Go(3); err != ErrBoardClosed {
		t.Fatalf("Go after Stop: got %v, want ErrBoardClosed", err)
	}
}
