package cues

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingNode struct {
	mu   sync.Mutex
	last map[int][]byte
	sent map[int]int
}

func newRecordingNode() *recordingNode {
	return &recordingNode{last: make(map[int][]byte), sent: make(map[int]int)}
}

func (n *recordingNode) Send(ctx context.Context, universe int, frame []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.last[universe] = append([]byte(nil), frame...)
	n.sent[universe]++
	return nil
}

func (n *recordingNode) slot(universe, address int) (byte, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	f, ok := n.last[universe]
	if !ok {
		return 0, false
	}
	return f[address-1], true
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestRepatchDuringShow(t *testing.T) {
	defer goleak.VerifyNone(t)

	rig, err := NewPatch(
		Fixture{ID: "FOH-1", Universe: 1, Address: 1},
		Fixture{ID: "FOH-2", Universe: 1, Address: 2},
		Fixture{ID: "CYC-R", Universe: 2, Address: 1, Wide: true},
		Fixture{ID: "CYC-B", Universe: 2, Address: 3, Wide: true},
	)
	if err != nil {
		t.Fatalf("patch: %v", err)
	}
	show := CueList{
		{Number: "1", Label: "preset", Fade: 20 * time.Millisecond,
			Levels: map[string]float64{"FOH-1": 0.8, "CYC-R": 1}},
		{Number: "2", Label: "dawn", Fade: 10 * time.Millisecond,
			Levels: map[string]float64{"FOH-1": 0.4, "FOH-2": 1, "CYC-R": 0.5, "CYC-B": 0.25}},
		{Number: "3", Label: "blackout", Fade: 0, Levels: nil},
	}

	node := newRecordingNode()
	console, err := New(node, rig, show,
		WithFrameRate(400),
		WithLogger(log.New(testWriter{t}, "", 0)),
	)
	if err != nil {
		t.Fatalf("new console: %v", err)
	}

	if err := console.Go(); err != nil {
		t.Fatalf("go cue 1: %v", err)
	}
	eventually(t, "cyc at full on universe 2", func() bool {
		v, ok := node.slot(2, 1)
		return ok && v == 255
	})

	// The universe 2 node is pulled from the rig at the interval; the cyc
	// is re-plugged into spare dimmers on universe 1.
	rig2, err := NewPatch(
		Fixture{ID: "FOH-1", Universe: 1, Address: 1},
		Fixture{ID: "FOH-2", Universe: 1, Address: 2},
		Fixture{ID: "CYC-R", Universe: 1, Address: 101, Wide: true},
		Fixture{ID: "CYC-B", Universe: 1, Address: 103, Wide: true},
	)
	if err != nil {
		t.Fatalf("patch: %v", err)
	}
	if err := console.Repatch(rig2); err != nil {
		t.Fatalf("repatch: %v", err)
	}

	if err := console.Go(); err != nil {
		t.Fatalf("go cue 2: %v", err)
	}
	eventually(t, "cyc at half on universe 1", func() bool {
		v, ok := node.slot(1, 101)
		return ok && v == 0x80
	})
	if v, _ := node.slot(1, 2); v != 255 {
		t.Errorf("FOH-2 = %d, want 255", v)
	}

	if err := console.GoTo("3"); err != nil {
		t.Fatalf("goto 3: %v", err)
	}
	if err := console.Go(); err != ErrEndOfList {
		t.Errorf("go past end = %v, want ErrEndOfList", err)
	}
	eventually(t, "blackout", func() bool {
		v, ok := node.slot(1, 1)
		return ok && v == 0
	})

	if err := console.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
