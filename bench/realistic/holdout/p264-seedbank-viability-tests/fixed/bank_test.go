package seedbank

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	saves []Snapshot
}

func (m *memStore) Save(ctx context.Context, s Snapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves = append(m.saves, s)
	return nil
}

func (m *memStore) last() (Snapshot, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.saves) == 0 {
		return Snapshot{}, false
	}
	return m.saves[len(m.saves)-1], true
}

func tally(rep, normal, abnormal, fresh, dead int) Count {
	return Count{Replicate: rep, Normal: normal, Abnormal: abnormal, Fresh: fresh, Dead: dead}
}

func TestGerminationRound(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{}
	var logs bytes.Buffer
	clock := time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)
	b, err := Open(context.Background(), store,
		WithReplicates(4, 50),
		WithRegenerationThreshold(85),
		WithLogger(log.New(&logs, "", 0)),
		func(c *Config) { c.Now = func() time.Time { return clock } },
	)
	if err != nil {
		t.Fatal(err)
	}

	for _, a := range []Accession{
		{Number: "MSB-0412873", Taxon: "Primula veris", SeedCount: 2000},
		{Number: "MSB-0398110", Taxon: "Silene acaulis", SeedCount: 900},
		{Number: "MSB-0420551", Taxon: "Pulsatilla vulgaris", SeedCount: 600},
		{Number: "MSB-0377002", Taxon: "Gentianella anglica", SeedCount: 120},
	} {
		if err := b.Register(a); err != nil {
			t.Fatalf("register %s: %v", a.Number, err)
		}
	}
	for _, n := range []string{"MSB-0412873", "MSB-0398110", "MSB-0420551"} {
		if err := b.StartTrial(n); err != nil {
			t.Fatalf("start trial %s: %v", n, err)
		}
	}
	if err := b.StartTrial("MSB-0377002"); err == nil {
		t.Errorf("trial on a 120-seed accession should be refused")
	}
	if _, err := b.RecordCount("MSB-0377002", tally(1, 50, 0, 0, 0)); !errors.Is(err, ErrNoOpenTrial) {
		t.Errorf("count without trial: err = %v", err)
	}

	sheets := map[string][]Count{
		"MSB-0412873": {tally(1, 47, 1, 1, 1), tally(2, 45, 2, 1, 2), tally(3, 48, 1, 0, 1), tally(4, 46, 2, 1, 1)},
		"MSB-0398110": {tally(1, 36, 4, 2, 8), tally(2, 33, 5, 3, 9), tally(3, 38, 3, 1, 8), tally(4, 34, 4, 2, 10)},
	}
	results := map[string]*Result{}
	for n, counts := range sheets {
		for _, c := range counts {
			res, err := b.RecordCount(n, c)
			if err != nil {
				t.Fatalf("%s replicate %d: %v", n, c.Replicate, err)
			}
			if res != nil {
				results[n] = res
			}
		}
	}
	if r := results["MSB-0412873"]; r == nil || r.Viability != 94.5 || r.Germination != 93 {
		t.Errorf("Primula veris result = %+v", r)
	}
	if r := results["MSB-0398110"]; r == nil || r.Viability != 74.5 {
		t.Errorf("Silene acaulis result = %+v", r)
	}
	if due := b.DueForRegeneration(); fmt.Sprint(due) != "[MSB-0398110]" {
		t.Errorf("due for regeneration = %v", due)
	}

	if _, err := b.RecordCount("MSB-0420551", tally(1, 41, 3, 4, 2)); err != nil {
		t.Fatalf("Pulsatilla replicate 1: %v", err)
	}
	if _, err := b.RecordCount("MSB-0420551", tally(2, 39, 2, 6, 3)); err != nil {
		t.Fatalf("Pulsatilla replicate 2: %v", err)
	}
	if _, err := b.RecordCount("MSB-0420551", tally(2, 39, 2, 6, 3)); !errors.Is(err, ErrDuplicateReplicate) {
		t.Errorf("re-keyed replicate 2: err = %v, want ErrDuplicateReplicate", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
	snap, ok := store.last()
	if !ok {
		t.Fatal("nothing saved")
	}
	if fmt.Sprint(snap.Open) != "[MSB-0420551]" {
		t.Errorf("open trials in final snapshot = %v", snap.Open)
	}
	for _, a := range snap.Accessions {
		if a.Number == "MSB-0398110" && (a.LastResult == nil || !a.Regenerate || a.SeedCount != 700) {
			t.Errorf("Silene acaulis in final snapshot = %+v", a)
		}
	}
	if !strings.Contains(logs.String(), "MSB-0398110: viability 74.5% below 85%") {
		t.Errorf("regeneration not logged:\n%s", logs.String())
	}
}
