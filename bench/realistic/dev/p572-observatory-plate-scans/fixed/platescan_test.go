package platescan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type rig struct {
	mu       sync.Mutex
	attempts map[string]int
	flaky    map[string]int // plate -> failed attempts before focus locks
	cracked  map[string]bool
}

func (r *rig) Scan(ctx context.Context, plateID string, dpi int) (Image, error) {
	r.mu.Lock()
	r.attempts[plateID]++
	n := r.attempts[plateID]
	r.mu.Unlock()
	if r.cracked[plateID] {
		return Image{}, fmt.Errorf("plate %s cracked across emulsion", plateID)
	}
	if n <= r.flaky[plateID] {
		return Image{}, fmt.Errorf("autofocus did not converge: %w", ErrRescan)
	}
	return Image{Width: 16000, Height: 16000, DPI: dpi, Checksum: "sha256:" + plateID}, nil
}

type catalogueSolver struct{}

func (catalogueSolver) Solve(ctx context.Context, img Image, hint Coord, radius float64) (Solution, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return Solution{}, ctx.Err()
	}
	return Solution{Center: Coord{RA: hint.RA + 0.05, Dec: hint.Dec - 0.03}, Scale: 1.12, Rotation: 0.4, Stars: 57}, nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestTwoNightsWithLogbookImport(t *testing.T) {
	defer goleak.VerifyNone(t)

	exposed := time.Date(1931, 11, 2, 22, 40, 0, 0, time.UTC)
	catalogue := []Plate{
		{ID: "MT-0412", Telescope: "10-inch astrograph", Center: Coord{RA: 56.75, Dec: 24.12}, Exposed: exposed},
		{ID: "MT-0413", Telescope: "10-inch astrograph", Center: Coord{RA: 83.82, Dec: -5.39}, Exposed: exposed},
		{ID: "MT-0414", Telescope: "10-inch astrograph", Center: Coord{RA: 10.68, Dec: 41.27}, Exposed: exposed},
		{ID: "MT-0415", Telescope: "patrol camera", Center: Coord{RA: 201.37, Dec: -43.02}, Exposed: exposed},
		{ID: "MT-0416", Telescope: "patrol camera", Center: Coord{RA: 279.23, Dec: 38.78}, Exposed: exposed},
		{ID: "MT-0417", Telescope: "patrol camera", Center: Coord{RA: 297.70, Dec: 8.87}, Exposed: exposed},
	}

	events := make(chan Event, 64)
	archive, err := NewArchive(catalogueSolver{}, catalogue,
		WithArchiveLogger(testLogger{t}),
		WithSolveTimeout(time.Second),
		WithSubscriber(func(ev Event) { events <- ev }),
	)
	if err != nil {
		t.Fatalf("NewArchive: %v", err)
	}

	scanner := &rig{
		attempts: map[string]int{},
		flaky:    map[string]int{"MT-0413": 2},
		cracked:  map[string]bool{"MT-0414": true},
	}
	dig, err := NewDigitizer(scanner, WithDPI(2400), WithOnScanned(archive.HandleScan), WithDigitizerLogger(testLogger{t}))
	if err != nil {
		t.Fatalf("NewDigitizer: %v", err)
	}
	ctx := context.Background()

	// Night one: the astrograph box.
	sum, err := dig.Run(ctx, []string{"MT-0412", "MT-0413", "MT-0414"})
	if err != nil {
		t.Fatalf("night one: %v", err)
	}
	if len(sum.Scanned) != 2 || sum.Failed["MT-0414"] == nil {
		t.Fatalf("night one summary %+v", sum)
	}
	solved := 0
	for solved < 2 {
		select {
		case ev := <-events:
			if ev.Kind == EventSolveFailed {
				t.Fatalf("solve failed for %s", ev.PlateID)
			}
			if ev.Kind == EventSolved {
				solved++
			}
		case <-time.After(time.Second):
			t.Fatalf("only %d plates solved", solved)
		}
	}
	rec, ok := archive.Lookup("MT-0413")
	if !ok || rec.Solution == nil || rec.Scans != 1 {
		t.Fatalf("MT-0413 record %+v", rec)
	}

	// The volunteers' transcription of the 1931 logbook has a typo on its
	// last row.
	logbook := strings.NewReader(`plate,observer,exposure_min,note
MT-0412,H. Leavitt,45,"Pleiades, good seeing"
mt-0413,A. Cannon,60,trail on east edge
MT-0415,A. Cannon,30,patrol field 7
MT-0499,A. Cannon,30,patrol field 8
`)
	n, err := archive.ImportLogbook(logbook)
	if !errors.Is(err, ErrUnknownPlate) {
		t.Fatalf("ImportLogbook error = %v, want ErrUnknownPlate", err)
	}
	if n != 3 {
		t.Errorf("imported %d rows before the bad one, want 3", n)
	}

	// Night two: the patrol camera plates.
	sum, err = dig.Run(ctx, []string{"MT-0415", "MT-0416", "MT-0417"})
	if err != nil {
		t.Fatalf("night two: %v", err)
	}
	if len(sum.Scanned) != 3 || len(sum.Failed) != 0 {
		t.Errorf("night two summary %+v", sum)
	}
}
