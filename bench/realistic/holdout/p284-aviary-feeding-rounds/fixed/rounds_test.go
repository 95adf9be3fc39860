package feeding

import (
	"context"
	"errors"
	"log"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanNotifier struct{ ch chan Alert }

func (n chanNotifier) Notify(ctx context.Context, a Alert) error {
	select {
	case n.ch <- a:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func waitAlert(t *testing.T, alerts <-chan Alert, kind AlertKind, aviary string, within time.Duration) bool {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case a := <-alerts:
			t.Logf("alert: %s %s %s: %s", a.Kind, a.AviaryID, a.Feed, a.Message)
			if a.Kind == kind && a.AviaryID == aviary {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

func TestMorningRoundsWithMisfiledReport(t *testing.T) {
	defer goleak.VerifyNone(t)

	alerts := make(chan Alert, 16)
	aviaries := []Aviary{
		{
			ID:        "finch-flight-A",
			Species:   []string{"zebra finch", "Gouldian finch"},
			FeedEvery: time.Hour,
			Hoppers: []Hopper{
				{Feed: "finch-seed", CapacityG: 2000, StockG: 1500, ReorderAtG: 400},
				{Feed: "mealworms", CapacityG: 300, StockG: 120, ReorderAtG: 60},
			},
		},
		{
			ID:        "lorikeet-house",
			Species:   []string{"rainbow lorikeet"},
			FeedEvery: 60 * time.Millisecond,
			Hoppers: []Hopper{
				{Feed: "lory-nectar", CapacityG: 5000, StockG: 3000, ReorderAtG: 1000},
				{Feed: "chopped-fruit", CapacityG: 2500, StockG: 2000, ReorderAtG: 500},
			},
		},
	}
	s, err := NewScheduler(aviaries,
		WithCheckInterval(5*time.Millisecond),
		WithOverdueGrace(10*time.Millisecond),
		WithNotifier(chanNotifier{alerts}),
		WithLogger(log.New(testWriter{t}, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	err = s.RecordRound(ctx, RoundReport{
		AviaryID: "finch-flight-A",
		Keeper:   "m.okafor",
		At:       time.Now(),
		Items:    []RoundItem{{Feed: "finch-seed", Grams: 350}, {Feed: "mealworms", Grams: 80}},
	})
	if err != nil {
		t.Fatalf("first round: %v", err)
	}
	if !waitAlert(t, alerts, AlertLowStock, "finch-flight-A", 100*time.Millisecond) {
		t.Fatal("no low-stock alert for mealworms")
	}
	st := s.Status()
	if st[0].ID != "finch-flight-A" || st[0].Rounds != 1 || st[0].Stock["finch-seed"] != 1150 {
		t.Fatalf("status after round: %+v", st[0])
	}

	err = s.RecordRound(ctx, RoundReport{
		AviaryID: "finch-flight-A",
		Keeper:   "j.lindqvist",
		At:       time.Now(),
		Items:    []RoundItem{{Feed: "finch-seed", Grams: 200}, {Feed: "suet-cake", Grams: 50}},
		Notes:    "suet belongs to the woodpecker aviary",
	})
	if !errors.Is(err, ErrNoHopper) {
		t.Fatalf("misfiled round: want ErrNoHopper, got %v", err)
	}

	if !waitAlert(t, alerts, AlertOverdue, "lorikeet-house", 500*time.Millisecond) {
		t.Error("lorikeet-house round never reported overdue")
	}

	closeCtx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := s.Close(closeCtx); err != nil {
		t.Errorf("close: %v", err)
	}
}
