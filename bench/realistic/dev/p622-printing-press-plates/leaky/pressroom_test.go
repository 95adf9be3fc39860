package pressroom

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSetter struct {
	mu     sync.Mutex
	serial int
}

func (f *fakeSetter) Image(ctx context.Context, job Job, ink Ink) (Plate, error) {
	if err := ctx.Err(); err != nil {
		return Plate{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.serial++
	return Plate{JobID: job.ID, Ink: ink, Serial: fmt.Sprintf("CTP-%05d", f.serial), Imaged: time.Now()}, nil
}

type fakePress struct {
	name    string
	units   int
	perRun  time.Duration
	mu      sync.Mutex
	mounted []Plate
	runs    int
}

func (f *fakePress) Name() string { return f.name }
func (f *fakePress) Units() int   { return f.units }

func (f *fakePress) Mount(_ context.Context, plates []Plate) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.mounted) > 0 {
		return fmt.Errorf("%s: plates for job %s still mounted", f.name, f.mounted[0].JobID)
	}
	f.mounted = append([]Plate(nil), plates...)
	return nil
}

func (f *fakePress) Run(ctx context.Context, sheets int) (int, error) {
	select {
	case <-time.After(f.perRun):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	f.mu.Lock()
	f.runs++
	f.mu.Unlock()
	return sheets, nil
}

func (f *fakePress) Unmount(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mounted = nil
	return nil
}

func waitFor(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestMorningShiftThenShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	presses := []Press{
		&fakePress{name: "Heidelberg XL 106", units: 5, perRun: 15 * time.Millisecond},
		&fakePress{name: "Komori GL 40", units: 4, perRun: 20 * time.Millisecond},
		&fakePress{name: "KBA Rapida 75", units: 4, perRun: 25 * time.Millisecond},
	}
	pr, err := NewPressroom(Config{
		RackSlots:  8,
		RunTimeout: time.Second,
		Logger:     log.New(os.Stderr, "pressroom: ", 0),
	}, &fakeSetter{}, presses...)
	if err != nil {
		t.Fatal(err)
	}

	jobs := []Job{
		{ID: "J-4411", Title: "Parish newsletter", Inks: []Ink{Black}, Sheets: 800, Makeready: 50},
		{ID: "J-4412", Title: "Garden centre catalogue", Inks: []Ink{Cyan, Magenta, Yellow, Black}, Sheets: 5000, Makeready: 200},
		{ID: "J-4413", Title: "Theatre posters", Inks: []Ink{Cyan, Magenta, Yellow, Black}, Sheets: 1200, Makeready: 150},
		{ID: "J-4414", Title: "Wedding invitations", Inks: []Ink{Black, "PANTONE 871"}, Sheets: 300, Makeready: 80},
		{ID: "J-4415", Title: "Menu cards", Inks: []Ink{Magenta, Black}, Sheets: 600, Makeready: 60},
	}
	ctx := context.Background()
	for _, j := range jobs {
		if err := pr.Submit(ctx, j); err != nil {
			t.Fatalf("Submit %s: %v", j.ID, err)
		}
	}
	if err := pr.Submit(ctx, Job{ID: "J-4416", Inks: []Ink{Cyan, Magenta, Yellow, Black, "Varnish"}, Sheets: 100}); err == nil {
		t.Errorf("five-ink job accepted although two presses have four units")
	}

	waitFor(t, 2*time.Second, func() bool { return pr.Stats().Completed == len(jobs) })

	st := pr.Stats()
	if st.Failed != 0 || st.SheetsGood != 7900 || st.SheetsWaste != 540 {
		t.Errorf("unexpected stats after shift: %+v", st)
	}

	sctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := pr.Shutdown(sctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}
