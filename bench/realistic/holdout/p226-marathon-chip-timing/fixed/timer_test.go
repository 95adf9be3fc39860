package chiptiming

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type replay struct {
	reads []ChipRead
	pos   int
}

func (r *replay) Next(ctx context.Context) (ChipRead, error) {
	if err := ctx.Err(); err != nil {
		return ChipRead{}, err
	}
	if r.pos >= len(r.reads) {
		return ChipRead{}, io.EOF
	}
	rd := r.reads[r.pos]
	r.pos++
	return rd, nil
}

type liveFeed struct {
	mu     sync.Mutex
	splits []Split
}

func (f *liveFeed) Publish(ctx context.Context, s Split) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.splits = append(f.splits, s)
	return nil
}

func TestProcessStopsWhenFieldFinished(t *testing.T) {
	defer goleak.VerifyNone(t)

	gun := time.Date(2024, time.October, 6, 9, 0, 0, 0, time.UTC)
	at := func(d string) time.Time {
		off, err := time.ParseDuration(d)
		if err != nil {
			t.Fatal(err)
		}
		return gun.Add(off)
	}
	field := []Runner{
		{Bib: 101, Chip: "E2-0041", Name: "Amara Okafor"},
		{Bib: 102, Chip: "E2-0042", Name: "Lukas Brandt"},
		{Bib: 215, Chip: "E2-0215", Name: "Sofia Marin"},
	}
	src := &replay{reads: []ChipRead{
		{Chip: "E2-0041", Mat: "start", At: at("4s"), RSSI: -60},
		{Chip: "E2-0041", Mat: "start", At: at("5s"), RSSI: -55},
		{Chip: "E2-0042", Mat: "start", At: at("6s"), RSSI: -58},
		{Chip: "E2-0215", Mat: "start", At: at("41s"), RSSI: -61},
		{Chip: "E2-0215", Mat: "start", At: at("41s"), RSSI: -97},
		{Chip: "E2-0042", Mat: "10k", At: at("34m12s"), RSSI: -64},
		{Chip: "E2-0041", Mat: "10k", At: at("35m02s"), RSSI: -59},
		{Chip: "PACER-330", Mat: "10k", At: at("39m50s"), RSSI: -50},
		{Chip: "E2-0042", Mat: "finish", At: at("1h14m31s"), RSSI: -57},
		{Chip: "E2-0042", Mat: "finish", At: at("1h14m33s"), RSSI: -52},
		{Chip: "E2-0215", Mat: "finish", At: at("1h16m05s"), RSSI: -66},
		{Chip: "E2-0041", Mat: "10k", At: at("1h17m40s"), RSSI: -71},
		{Chip: "E2-0041", Mat: "finish", At: at("1h17m58s"), RSSI: -60},
		// Finishers walking back across the finish area to the bag drop.
		{Chip: "E2-0042", Mat: "finish", At: at("1h21m10s"), RSSI: -74},
		{Chip: "E2-0215", Mat: "finish", At: at("1h22m45s"), RSSI: -70},
	}}

	feed := &liveFeed{}
	timer, err := New(field, feed,
		WithCourse("start", "10k", "finish"),
		WithGunTime(gun),
		WithDedupeWindow(10*time.Second),
		WithMinRSSI(-90),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	res, err := timer.Process(context.Background(), src)
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	if res.Unknown != 1 {
		t.Errorf("unknown chips = %d, want 1 (pacer)", res.Unknown)
	}
	if res.Ignored != 1 {
		t.Errorf("ignored reads = %d, want 1 (late 10k read)", res.Ignored)
	}

	standings := res.Standings()
	if len(standings) != 3 {
		t.Fatalf("got %d finishers, want 3", len(standings))
	}
	want := []struct {
		bib    int
		chip   time.Duration
		review bool
	}{
		{102, 74*time.Minute + 25*time.Second, false},
		{215, 75*time.Minute + 24*time.Second, true},
		{101, 77*time.Minute + 54*time.Second, false},
	}
	for i, w := range want {
		got := standings[i]
		if got.Bib != w.bib || got.ChipTime != w.chip || got.Review != w.review {
			t.Errorf("place %d = %+v, want bib %d chip %s review %v", i+1, got, w.bib, w.chip, w.review)
		}
	}

	feed.mu.Lock()
	published := len(feed.splits)
	feed.mu.Unlock()
	if published != 8 {
		t.Errorf("published %d splits, want 8", published)
	}
}
