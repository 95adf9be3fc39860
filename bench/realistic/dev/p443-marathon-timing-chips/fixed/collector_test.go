package timing

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type roster map[string]string

func (r roster) BibForChip(chip string) (string, bool) {
	bib, ok := r[chip]
	return bib, ok
}

type resultsDB struct {
	mu     sync.Mutex
	splits map[string][]Split
}

func (db *resultsDB) RecordSplit(_ context.Context, s Split) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.splits == nil {
		db.splits = make(map[string][]Split)
	}
	db.splits[s.Bib] = append(db.splits[s.Bib], s)
	return nil
}

func (db *resultsDB) For(bib string) map[string]time.Duration {
	db.mu.Lock()
	defer db.mu.Unlock()
	out := make(map[string]time.Duration)
	for _, s := range db.splits[bib] {
		out[s.Mat] = s.Elapsed
	}
	return out
}

func frame(chip string, antenna int, at time.Time) string {
	return fmt.Sprintf("%s,%d,-%d,%d", chip, antenna, 48+antenna*3, at.UnixMilli())
}

func TestCollectorRaceWithSwappedHalfwayReader(t *testing.T) {
	defer goleak.VerifyNone(t)

	gun := time.Date(2024, 4, 21, 9, 0, 0, 0, time.UTC)
	chips := roster{"E2801160A1": "101", "E2801160B2": "102", "E2801160C3": "207"}
	db := &resultsDB{}

	c, err := NewCollector(chips, db,
		[]MatConfig{{ID: "start"}, {ID: "half"}, {ID: "finish"}},
		WithGunTime(gun),
		WithDedupeWindow(10*time.Second),
		WithQueueSize(8),
		WithLogger(log.New(os.Stderr, "timing: ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ingest := func(mat, line string) {
		t.Helper()
		if err := c.Ingest(ctx, mat, line); err != nil {
			t.Fatalf("ingest %s %q: %v", mat, line, err)
		}
	}

	// Start line: runners linger on the mat and are read several times.
	ingest("start", frame("e2801160a1", 1, gun.Add(4*time.Second)))
	ingest("start", frame("E2801160A1", 2, gun.Add(4300*time.Millisecond)))
	ingest("start", frame("E2801160B2", 1, gun.Add(7*time.Second)))
	ingest("start", frame("E2801160C3", 3, gun.Add(19*time.Second)))
	ingest("start", frame("E2801160C3", 1, gun.Add(19500*time.Millisecond)))
	ingest("start", frame("FFFF000001", 1, gun.Add(21*time.Second)))
	if err := c.Ingest(ctx, "start", "garbage"); !errors.Is(err, ErrBadFrame) {
		t.Fatalf("bad frame: got %v", err)
	}

	// The halfway reader dies before the leaders arrive; the spare's clock
	// runs two seconds behind the race clock.
	if err := c.ReplaceMat(MatConfig{ID: "half", ClockOffset: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceMat(MatConfig{ID: "summit"}); !errors.Is(err, ErrUnknownMat) {
		t.Fatalf("replace unknown mat: got %v", err)
	}

	ingest("half", frame("E2801160A1", 2, gun.Add(72*time.Minute-2*time.Second)))
	ingest("half", frame("E2801160B2", 1, gun.Add(75*time.Minute-2*time.Second)))
	ingest("half", frame("E2801160B2", 2, gun.Add(75*time.Minute)))
	ingest("half", frame("E2801160C3", 4, gun.Add(98*time.Minute-2*time.Second)))

	ingest("finish", frame("E2801160A1", 1, gun.Add(2*time.Hour+29*time.Minute)))
	ingest("finish", frame("E2801160B2", 3, gun.Add(2*time.Hour+41*time.Minute)))
	ingest("finish", frame("E2801160C3", 2, gun.Add(3*time.Hour+22*time.Minute)))

	if err := c.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := c.Ingest(ctx, "finish", frame("E2801160A1", 1, gun)); !errors.Is(err, ErrClosed) {
		t.Fatalf("ingest after close: got %v", err)
	}

	want := map[string]map[string]time.Duration{
		"101": {"start": 4 * time.Second, "half": 72 * time.Minute, "finish": 2*time.Hour + 29*time.Minute},
		"102": {"start": 7 * time.Second, "half": 75 * time.Minute, "finish": 2*time.Hour + 41*time.Minute},
		"207": {"start": 19 * time.Second, "half": 98 * time.Minute, "finish": 3*time.Hour + 22*time.Minute},
	}
	bibs := make([]string, 0, len(want))
	for bib := range want {
		bibs = append(bibs, bib)
	}
	sort.Strings(bibs)
	for _, bib := range bibs {
		got := db.For(bib)
		for mat, d := range want[bib] {
			if got[mat] != d {
				t.Errorf("bib %s at %s: elapsed %s, want %s", bib, mat, got[mat], d)
			}
		}
	}

	start := c.Stats("start")
	if start.Reads != 6 || start.Duplicates != 2 || start.Unknown != 1 || start.BadFrames != 1 || start.Splits != 3 {
		t.Errorf("start stats = %+v", start)
	}
	if half := c.Stats("half"); half.Splits != 3 || half.Duplicates != 1 {
		t.Errorf("half stats = %+v", half)
	}
}
