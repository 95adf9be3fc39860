package fermenter

import (
	"context"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeProbe struct {
	mu    sync.Mutex
	reads map[string]int
	curve func(vessel string, n int) Reading
}

func (p *fakeProbe) Read(ctx context.Context, vessel string) (Reading, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reads == nil {
		p.reads = make(map[string]int)
	}
	n := p.reads[vessel]
	p.reads[vessel]++
	r := p.curve(vessel, n)
	r.Vessel = vessel
	r.At = time.Now()
	return r, nil
}

type recordingNotifier struct {
	mu     sync.Mutex
	alerts []Alert
}

func (n *recordingNotifier) Notify(ctx context.Context, a Alert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.alerts = append(n.alerts, a)
	return nil
}

func (n *recordingNotifier) kinds() map[AlertKind]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make(map[AlertKind]int)
	for _, a := range n.alerts {
		out[a.Kind]++
	}
	return out
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func waitFor(t *testing.T, m *Monitor, vessel string, samples int) Summary {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		for _, s := range m.Status() {
			if s.Vessel == vessel && s.Samples >= samples {
				return s
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("vessel %s never reached %d samples: %+v", vessel, samples, m.Status())
	return Summary{}
}

func TestRackToBriteTank(t *testing.T) {
	defer goleak.VerifyNone(t)

	probe := &fakeProbe{curve: func(vessel string, n int) Reading {
		if strings.HasPrefix(vessel, "BT") {
			return Reading{TempC: 1.5, Gravity: 1.010, PressureKPa: 95}
		}
		temp := 19.0
		if n == 2 {
			temp = 22.4
		}
		return Reading{TempC: temp, Gravity: 1.052 - float64(n)*0.008, PressureKPa: 20}
	}}
	notes := &recordingNotifier{}
	m, err := New(probe, notes, Config{
		PollInterval: 2 * time.Millisecond,
		Logger:       log.New(testWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	batch := BatchSpec{ID: "B-2291", Style: "Pale Ale", OriginalGravity: 1.052,
		TargetTempC: 19, ToleranceC: 1.5, TerminalGravity: 1.012, MaxPressureKPa: 110}
	if err := m.Track("FV-3", batch); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m.Start(ctx)

	before := waitFor(t, m, "FV-3", 6)
	if !before.Terminal {
		t.Fatalf("FV-3 not terminal after %d samples: %+v", before.Samples, before)
	}
	if err := m.Transfer("FV-3", "BT-1"); err != nil {
		t.Fatal(err)
	}
	if err := m.Transfer("FV-3", "BT-2"); err != ErrUnknownVessel {
		t.Fatalf("second transfer: %v", err)
	}
	after := waitFor(t, m, "BT-1", before.Samples+4)
	if after.Batch != "B-2291" || after.MinTempC > 1.5 {
		t.Fatalf("BT-1 summary %+v", after)
	}

	m.Stop()

	k := notes.kinds()
	if k[AlertTempHigh] != 1 || k[AlertTerminal] != 1 {
		t.Errorf("alerts = %v", k)
	}
}
