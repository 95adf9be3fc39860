package candling

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLamp struct {
	mu sync.Mutex
	fn func(LampStatus)
}

func (l *fakeLamp) Watch(fn func(LampStatus)) func() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fn = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.fn = nil
	}
}

func (l *fakeLamp) report(st LampStatus) {
	l.mu.Lock()
	fn := l.fn
	l.mu.Unlock()
	if fn != nil {
		fn(st)
	}
}

type fakeImager map[string]map[int]Reading

func (im fakeImager) Capture(ctx context.Context, tray string, pos int) (Reading, error) {
	r, ok := im[tray][pos]
	if !ok {
		return Reading{}, fmt.Errorf("no image for %s/%d", tray, pos)
	}
	return r, nil
}

type memLedger struct {
	mu      sync.Mutex
	reports []TrayReport
}

func (l *memLedger) Record(ctx context.Context, r TrayReport) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reports = append(l.reports, r)
	return nil
}

func eggs(n int) []Egg {
	out := make([]Egg, n)
	for i := range out {
		out[i] = Egg{Pos: i + 1, Flock: "LB-23"}
	}
	return out
}

func TestLampOverheatsDuringShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	lamp := &fakeLamp{}
	imager := fakeImager{
		"S3-T01": {
			1: {Opacity: 0.55, VeinCoverage: 0.62},
			2: {Opacity: 0.08, VeinCoverage: 0.01},
			3: {Opacity: 0.50, VeinCoverage: 0.48},
			4: {Opacity: 0.40, VeinCoverage: 0.10, Ring: true},
			5: {Opacity: 0.52, VeinCoverage: 0.57, Crack: true},
			6: {Opacity: 0.47, VeinCoverage: 0.41},
		},
	}
	ledger := &memLedger{}
	st, err := NewStation(lamp, imager, ledger, Config{
		AcquireTimeout: 60 * time.Millisecond,
		Logger:         log.New(os.Stderr, "candling: ", 0),
		Now:            func() time.Time { return time.Date(2024, 4, 9, 6, 15, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatalf("new station: %v", err)
	}
	lamp.report(LampStatus{Ready: true, TempC: 38.5})

	ctx := context.Background()
	rep, err := st.CandleTray(ctx, "A", Tray{ID: "S3-T01", Setter: "S3", Day: 10, Eggs: eggs(6)})
	if err != nil {
		t.Fatalf("tray S3-T01: %v", err)
	}
	wantVerdicts := map[Verdict]int{Fertile: 3, Clear: 1, BloodRing: 1, Cracked: 1}
	if !reflect.DeepEqual(rep.Verdicts, wantVerdicts) {
		t.Errorf("verdicts = %v, want %v", rep.Verdicts, wantVerdicts)
	}
	if !reflect.DeepEqual(rep.Remove, []int{2, 4, 5}) {
		t.Errorf("remove = %v, want [2 4 5]", rep.Remove)
	}

	lamp.report(LampStatus{Ready: false, TempC: 61.2, Fault: "overtemp"})

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, table := range []string{"B", "C"} {
		wg.Add(1)
		go func(i int, table string) {
			defer wg.Done()
			tray := Tray{ID: fmt.Sprintf("S3-T0%d", i+2), Setter: "S3", Day: 10, Eggs: eggs(6)}
			_, errs[i] = st.CandleTray(ctx, table, tray)
		}(i, table)
	}
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, ErrLampUnavailable) {
			t.Errorf("table %d: err = %v, want ErrLampUnavailable", i, err)
		}
	}

	if err := st.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if len(ledger.reports) != 1 {
		t.Errorf("ledger has %d reports, want 1", len(ledger.reports))
	}
	if _, err := st.CandleTray(ctx, "A", Tray{ID: "S3-T04", Setter: "S3", Day: 10, Eggs: eggs(1)}); !errors.Is(err, ErrClosed) {
		t.Errorf("candling after close: %v, want ErrClosed", err)
	}
}
