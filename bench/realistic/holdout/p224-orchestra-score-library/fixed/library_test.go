package scorelib

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memArchive struct {
	latency time.Duration

	mu     sync.Mutex
	scores map[string]*Score
	loads  int
}

func (a *memArchive) Score(ctx context.Context, id string) (*Score, error) {
	select {
	case <-time.After(a.latency):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.loads++
	s, ok := a.scores[id]
	if !ok {
		return nil, fmt.Errorf("catalogue: %s not found", id)
	}
	return s, nil
}

func phrase(measure int, pitches ...int) []Note {
	out := make([]Note, 0, len(pitches))
	for i, p := range pitches {
		out = append(out, Note{Pitch: p, Beats: 1, Measure: measure + i/4})
	}
	return out
}

func newWorldSymphony() *Score {
	return &Score{
		CatalogID:  "DVO-095",
		Title:      "Symphony No. 9 \"From the New World\"",
		Composer:   "Antonin Dvorak",
		ConcertKey: 1,
		Staves: map[string][]Note{
			"violin i": phrase(1, 64, 67, 71, 0, 72, 71, 69, 67, 66, 64, 0, 64),
			"clarinet": phrase(1, 64, 66, 67, 0, 67, 66, 64, 0),
			"horn":     phrase(1, 52, 55, 59, 55, 52, 0, 47, 52),
			"viola":    phrase(1, 55, 52, 48, 0),
			"cello":    phrase(1, 40, 43, 47, 0, 40),
		},
	}
}

type tlog struct{ t *testing.T }

func (l tlog) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestPartDeskBeforeSectionals(t *testing.T) {
	defer goleak.VerifyNone(t)

	archive := &memArchive{latency: 3 * time.Millisecond, scores: map[string]*Score{"DVO-095": newWorldSymphony()}}
	lib, err := New(archive, WithCopyists(4), WithMaxCopies(20), WithLogger(tlog{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rehearsal := time.Date(2024, 5, 14, 19, 30, 0, 0, time.UTC)

	sectionals := []Request{
		{CatalogID: "DVO-095", Instrument: "Clarinet in Bb", Copies: 2, Due: rehearsal},
		{CatalogID: "DVO-095", Instrument: "horn in F", Copies: 4, Due: rehearsal},
		{CatalogID: "DVO-095", Instrument: "Violin I", Copies: 8, Due: rehearsal.Add(24 * time.Hour)},
	}
	parts := make([]*PreparedPart, len(sectionals))
	errs := make([]error, len(sectionals))
	var wg sync.WaitGroup
	for i, req := range sectionals {
		wg.Add(1)
		go func(i int, req Request) {
			defer wg.Done()
			parts[i], errs[i] = lib.Prepare(ctx, req)
		}(i, req)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", sectionals[i].Instrument, err)
		}
	}

	cl, hn, vn := parts[0], parts[1], parts[2]
	if cl.WrittenKey != 3 || cl.Notes[0].Pitch != 66 {
		t.Fatalf("clarinet part not transposed: key %d, first note %d", cl.WrittenKey, cl.Notes[0].Pitch)
	}
	if hn.WrittenKey != 2 || hn.Notes[0].Pitch != 59 || hn.Sheets != 4 {
		t.Fatalf("horn part: key %d, first note %d, sheets %d", hn.WrittenKey, hn.Notes[0].Pitch, hn.Sheets)
	}
	if vn.WrittenKey != 1 || len(vn.Notes) != 12 {
		t.Fatalf("violin part: %+v", vn.Part)
	}

	_, err = lib.Prepare(ctx, Request{CatalogID: "DVO-095", Instrument: "alto sax in Eb", Copies: 1, Due: rehearsal})
	if !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("alto sax from viola staff: expected range error, got %v", err)
	}
	if _, err := lib.Prepare(ctx, Request{CatalogID: "DVO-095", Instrument: "Trumpet in Bb", Copies: 2, Due: rehearsal}); !errors.Is(err, ErrNoStaff) {
		t.Fatalf("trumpet: expected missing staff, got %v", err)
	}
	if _, err := lib.Prepare(ctx, Request{CatalogID: "BRA-068", Instrument: "Cello", Copies: 6, Due: rehearsal}); err == nil {
		t.Fatalf("unknown work should fail")
	}
	if _, err := lib.Prepare(ctx, Request{CatalogID: "DVO-095", Instrument: "Cello", Copies: 50, Due: rehearsal}); err == nil {
		t.Fatalf("oversized print order should be refused")
	}

	if got := lib.Served(); got != 3 {
		t.Fatalf("served %d parts, want 3", got)
	}
	if archive.loads < 2 || archive.loads > 4 {
		t.Fatalf("archive loaded %d times", archive.loads)
	}
	if lib.Backlog() != 0 {
		t.Fatalf("backlog not empty")
	}

	lib.Close()
	if _, err := lib.Prepare(ctx, Request{CatalogID: "DVO-095", Instrument: "Viola", Copies: 4, Due: rehearsal}); !errors.Is(err, ErrClosed) {
		t.Fatalf("prepare after close: %v", err)
	}
}
