package furnacelog

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSink struct {
	mu      sync.Mutex
	entries []Entry
	writes  int
}

func (s *memSink) WriteEntries(ctx context.Context, entries []Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, entries...)
	s.writes++
	return nil
}

func TestFiringSessionAlarms(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{}
	fl, err := New(Config{
		Furnaces: []Furnace{
			{ID: "pot-1", Kind: Crucible, MaxC: 1180, MinC: 1040},
			{ID: "glory-A", Kind: GloryHole, MaxC: 1260},
			{ID: "lehr-2", Kind: Annealer, MaxC: 540, MaxCoolPerMin: 1.5},
		},
		Operators: map[string]Role{
			"maren": Gaffer,
			"theo":  Assistant,
			"ruth":  StudioManager,
		},
		FlushEvery:   20 * time.Millisecond,
		BatchSize:    8,
		CloseTimeout: 200 * time.Millisecond,
	}, sink)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	t0 := time.Date(2024, time.March, 2, 10, 0, 0, 0, time.UTC)
	readings := []Reading{
		{Furnace: "pot-1", Celsius: 1135, At: t0},
		{Furnace: "glory-A", Celsius: 1190, At: t0},
		{Furnace: "lehr-2", Celsius: 482, At: t0},
		{Furnace: "glory-A", Celsius: 1275, At: t0.Add(4 * time.Minute)},
		{Furnace: "pot-1", Celsius: 1128, At: t0.Add(5 * time.Minute)},
		{Furnace: "lehr-2", Celsius: 480, At: t0.Add(5 * time.Minute)},
		{Furnace: "glory-A", Celsius: 1215, At: t0.Add(8 * time.Minute)},
		{Furnace: "lehr-2", Celsius: 461, At: t0.Add(10 * time.Minute)},
		{Furnace: "lehr-2", Celsius: 455, At: t0.Add(8 * time.Minute)},
	}
	var stale int
	for _, r := range readings {
		if err := fl.Record(r); err != nil {
			if errors.Is(err, ErrStaleReading) {
				stale++
				continue
			}
			t.Fatalf("Record(%+v): %v", r, err)
		}
	}
	if stale != 1 {
		t.Errorf("stale readings = %d, want 1", stale)
	}

	glory, err := fl.Status("glory-A")
	if err != nil {
		t.Fatalf("Status(glory-A): %v", err)
	}
	if glory.Alarm == "" {
		t.Fatalf("glory-A: expected over-temperature alarm")
	}
	lehr, err := fl.Status("lehr-2")
	if err != nil {
		t.Fatalf("Status(lehr-2): %v", err)
	}
	if lehr.Alarm == "" {
		t.Fatalf("lehr-2: expected cooling-rate alarm")
	}

	if err := fl.Acknowledge("glory-A", "maren", t0.Add(9*time.Minute)); err != nil {
		t.Fatalf("maren acknowledging glory-A: %v", err)
	}
	if err := fl.Acknowledge("pot-1", "theo", t0.Add(9*time.Minute)); !errors.Is(err, ErrNoAlarm) {
		t.Errorf("acknowledging quiet pot-1: err = %v, want ErrNoAlarm", err)
	}
	glory, err = fl.Status("glory-A")
	if err != nil {
		t.Fatalf("Status(glory-A): %v", err)
	}
	if glory.Alarm != "" || glory.AckedBy != "maren" {
		t.Errorf("glory-A after ack: alarm %q acked by %q", glory.Alarm, glory.AckedBy)
	}

	// The assistant on the bench tries to silence the lehr alarm.
	if err := fl.Acknowledge("lehr-2", "theo", t0.Add(11*time.Minute)); !errors.Is(err, ErrNotAuthorized) {
		t.Errorf("theo acknowledging lehr-2: err = %v, want ErrNotAuthorized", err)
	}

	fl.Close()
	if err := fl.Record(Reading{Furnace: "pot-1", Celsius: 1120, At: t0.Add(15 * time.Minute)}); !errors.Is(err, ErrClosed) {
		t.Errorf("Record after Close: err = %v, want ErrClosed", err)
	}
}
