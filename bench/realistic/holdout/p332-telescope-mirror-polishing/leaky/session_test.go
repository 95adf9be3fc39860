package polish

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scriptedInterferometer struct {
	mu   sync.Mutex
	runs [][]float64
	n    int
}

func (f *scriptedInterferometer) Measure(_ context.Context, mirror string) (Measurement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	zones := f.runs[f.n%len(f.runs)]
	f.n++
	var sum, lo, hi float64
	for i, z := range zones {
		sum += z * z
		if i == 0 || z < lo {
			lo = z
		}
		if i == 0 || z > hi {
			hi = z
		}
	}
	return Measurement{
		Mirror:  mirror,
		RMSnm:   sqrt(sum / float64(len(zones))),
		PVnm:    hi - lo,
		ZonesNm: append([]float64(nil), zones...),
		At:      time.Now(),
	}, nil
}

func sqrt(x float64) float64 {
	z := x / 2
	for i := 0; i < 30 && z > 0; i++ {
		z = (z + x/z) / 2
	}
	return z
}

type recordingMachine struct {
	mu    sync.Mutex
	plans []DwellPlan
}

func (m *recordingMachine) Polish(_ context.Context, p DwellPlan) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.plans = append(m.plans, p)
	return nil
}

type memArchive struct {
	mu   sync.Mutex
	seqs []int
}

func (a *memArchive) Store(m Measurement) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seqs = append(a.seqs, m.Seq)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestFiguringRunWithTowerRealignment(t *testing.T) {
	defer goleak.VerifyNone(t)

	meter := &scriptedInterferometer{runs: [][]float64{
		{140, 95, 60, 30, -20, -90},
		{95, 70, 40, 20, -15, -60},
		{70, 50, 30, 10, -10, -45},
		{45, 30, 20, 5, -5, -30},
		{30, 20, 10, 0, -5, -20},
		{15, 10, 5, 0, -5, -12},
	}}
	mach := &recordingMachine{}
	arch := &memArchive{}
	cfg := DefaultConfig()
	cfg.TargetRMSnm = 20
	tower := Calibration{Name: "null-2024-03", ReferenceNm: []float64{2, 1, 0, 0, -1, -2}, ScaleFactor: 1}
	s, err := NewSession(meter, mach, tower, WithConfig(cfg), WithArchive(arch), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for i := 0; i < 3; i++ {
		if _, err := s.Iterate(ctx); err != nil {
			t.Fatalf("iteration %d: %v", i+1, err)
		}
	}

	realigned := Calibration{Name: "null-2024-04", ReferenceNm: []float64{1, 1, 0, 0, 0, -1}, ScaleFactor: 0.98}
	if err := s.Recalibrate(realigned); err != nil {
		t.Fatalf("recalibrate: %v", err)
	}
	for i := 3; i < 6; i++ {
		if _, err := s.Iterate(ctx); err != nil {
			t.Fatalf("iteration %d: %v", i+1, err)
		}
	}

	rep, err := s.Finish(ctx)
	if err != nil {
		t.Fatalf("finish: %v (report %+v)", err, rep)
	}
	if rep.Iterations != 6 || rep.Archived != 6 || rep.PlannedSeq != 6 {
		t.Fatalf("report %+v", rep)
	}
	if rep.Calibration != "null-2024-04" {
		t.Fatalf("report calibration %q", rep.Calibration)
	}
	mach.mu.Lock()
	defer mach.mu.Unlock()
	for _, p := range mach.plans {
		if len(p.Dwell) != cfg.Zones {
			t.Fatalf("plan %d has %d zones", p.Seq, len(p.Dwell))
		}
		for i, d := range p.Dwell {
			if d < 0 || d > cfg.MaxDwell {
				t.Fatalf("plan %d zone %d: dwell %s out of range", p.Seq, i, d)
			}
		}
	}
}
