package climate

import (
	"context"
	"io"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingAlerter struct {
	mu     sync.Mutex
	alerts []Excursion
}

func (a *recordingAlerter) Alert(_ context.Context, e Excursion) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.alerts = append(a.alerts, e)
	return nil
}

func (a *recordingAlerter) count(vault, kind string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, e := range a.alerts {
		if e.Vault == vault && e.Kind == kind {
			n++
		}
	}
	return n
}

type memStore struct {
	mu        sync.Mutex
	summaries map[string][]Summary
}

func (s *memStore) SaveSummary(_ context.Context, sum Summary) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.summaries == nil {
		s.summaries = make(map[string][]Summary)
	}
	s.summaries[sum.Vault] = append(s.summaries[sum.Vault], sum)
	return nil
}

func (s *memStore) count(vault string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.summaries[vault])
}

func vaultConfigs(paintingsRH Band) []VaultConfig {
	return []VaultConfig{
		{ID: "V1", Collection: "Dutch paintings", Temp: Band{18, 22}, RH: paintingsRH,
			MaxRHDrift: 5, Grace: 10 * time.Minute, SummaryEach: 6},
		{ID: "V2", Collection: "Textiles", Temp: Band{16, 20}, RH: Band{45, 55},
			Grace: 10 * time.Minute, SummaryEach: 6},
		{ID: "V3", Collection: "Works on paper", Temp: Band{16, 19}, RH: Band{40, 50},
			Grace: 10 * time.Minute, SummaryEach: 6},
	}
}

func feedHour(t *testing.T, m *Monitor, vault string, start time.Time, temp func(i int) float64, rh func(i int) float64) {
	t.Helper()
	for i := 0; i < 12; i++ {
		r := Reading{Vault: vault, Probe: vault + "-p1", At: start.Add(time.Duration(i) * 5 * time.Minute), TempC: temp(i), RH: rh(i)}
		if err := m.Ingest(r); err != nil {
			t.Fatalf("ingest %s: %v", vault, err)
		}
	}
}

func TestNightWithConfigReload(t *testing.T) {
	var logger Logger = log.New(io.Discard, "", 0)
	if testing.Verbose() {
		logger = log.New(os.Stderr, "climate ", log.Lmicroseconds)
	}
	alerter := &recordingAlerter{}
	store := &memStore{}
	m := New(alerter, store, WithLogger(logger), WithBuffer(32), WithCallTimeout(time.Second))

	if err := m.ApplyConfig(vaultConfigs(Band{45, 55})); err != nil {
		t.Fatal(err)
	}

	night := time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)
	steady := func(v float64) func(int) float64 { return func(int) float64 { return v } }
	feedHour(t, m, "V1", night, steady(20), steady(50))
	feedHour(t, m, "V2", night, func(i int) float64 {
		if i >= 4 && i <= 8 {
			return 21.5
		}
		return 18
	}, steady(50))
	feedHour(t, m, "V3", night, steady(17.5), steady(45))

	deadline := time.Now().Add(time.Second)
	for alerter.count("V2", "temp") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("V2 temperature excursion not raised and resolved")
		}
		time.Sleep(2 * time.Millisecond)
	}

	if err := m.ApplyConfig(vaultConfigs(Band{48, 58})[:2]); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if got := m.Vaults(); len(got) != 2 {
		t.Fatalf("vaults after reload: %v", got)
	}

	second := night.Add(time.Hour)
	feedHour(t, m, "V1", second, steady(20), func(i int) float64 { return 50 + float64(i%2)*6 })
	feedHour(t, m, "V2", second, steady(18), steady(50))

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	if n := alerter.count("V1", "rh-drift"); n == 0 {
		t.Errorf("V1: expected humidity drift alerts after reload")
	}
	if n := store.count("V3"); n != 2 {
		t.Errorf("V3 summaries: got %d, want 2", n)
	}
	if n := store.count("V2"); n < 2 {
		t.Errorf("V2 summaries: got %d, want at least 2", n)
	}

	goleak.VerifyNone(t)
}
