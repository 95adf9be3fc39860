package catalog

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu    sync.Mutex
	snaps []Snapshot
	saved chan uint64
}

func (m *memStore) Save(_ context.Context, s Snapshot) error {
	m.mu.Lock()
	m.snaps = append(m.snaps, s)
	m.mu.Unlock()
	select {
	case m.saved <- s.Version:
	default:
	}
	return nil
}

func TestConditionSurvey(t *testing.T) {
	cat, err := New(Config{
		Curator: "h.okafor",
		Logger:  log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	store := &memStore{saved: make(chan uint64, 1)}
	ctx, stopAutosave := context.WithCancel(context.Background())
	defer stopAutosave()
	cat.StartAutosave(ctx, store, 2*time.Millisecond)

	collected := time.Date(1911, 5, 2, 0, 0, 0, 0, time.UTC)
	for _, s := range []Specimen{
		{Accession: "NH.1911.042", Taxon: "Vulpes vulpes", Preparation: Mount, Preparator: "Rowland Ward", Cabinet: "B4", Collected: collected},
		{Accession: "NH.1923.310", Taxon: "Bubo bubo", Preparation: Mount, Cabinet: "C1", Collected: collected.AddDate(12, 0, 0)},
		{Accession: "NH.1954.007", Taxon: "Lutra lutra", Preparation: StudySkin, Cabinet: "D2"},
		{Accession: "NH.1987.115", Taxon: "Tetrao urogallus", Preparation: Mount, Cabinet: "C1"},
	} {
		if err := cat.Add(s); err != nil {
			t.Fatalf("add %s: %v", s.Accession, err)
		}
	}

	select {
	case <-store.saved:
	case <-time.After(2 * time.Second):
		t.Fatal("no autosave after accessioning")
	}

	// Annual survey by the preparator.
	survey := []struct {
		acc   string
		grade Grade
		notes string
	}{
		{"NH.1911.042", GradeFair, "fading to pelage on flank, glass eyes intact"},
		{"NH.1923.310", GradePoor, "feather loss at crown, frass in base"},
		{"NH.1954.007", GradeGood, ""},
	}
	for _, s := range survey {
		if err := cat.RecordCondition(s.acc, "j.marsh", s.grade, s.notes); err != nil {
			t.Fatalf("record %s: %v", s.acc, err)
		}
	}
	if got := cat.NeedsAttention(); len(got) != 1 || got[0].Accession != "NH.1923.310" {
		t.Fatalf("NeedsAttention = %v", got)
	}
	if err := cat.Move("NH.1923.310", "QUARANTINE"); err != nil {
		t.Fatal(err)
	}

	// The capercaillie has active carpet beetle damage; the preparator
	// proposes deaccession, which only the curator may do.
	err = cat.RecordCondition("NH.1987.115", "j.marsh", GradeDeaccession, "Anthrenus larvae, extensive")
	if !errors.Is(err, ErrNotAuthorized) {
		t.Fatalf("deaccession by preparator: err = %v, want ErrNotAuthorized", err)
	}

	stopAutosave()
	goleak.VerifyNone(t)
}
