package coldchain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// gatewayFeed replays recorded readings per probe and keeps each stream open
// until the subscriber goes away, as the real gateway does.
type gatewayFeed struct {
	recorded map[string][]Reading
	offline  map[string]bool
}

func (g *gatewayFeed) Readings(ctx context.Context, probeID string) (<-chan Reading, error) {
	if g.offline[probeID] {
		return nil, fmt.Errorf("probe %s: last seen 3h ago: %w", probeID, ErrProbeOffline)
	}
	rs, ok := g.recorded[probeID]
	if !ok {
		return nil, fmt.Errorf("probe %s: unknown", probeID)
	}
	ch := make(chan Reading)
	go func() {
		defer close(ch)
		for _, r := range rs {
			select {
			case ch <- r:
			case <-ctx.Done():
				return
			}
		}
		<-ctx.Done()
	}()
	return ch, nil
}

func TestWatchNightWithOfflineProbe(t *testing.T) {
	defer goleak.VerifyNone(t)

	t0 := time.Date(2024, 7, 19, 22, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	feed := &gatewayFeed{
		recorded: map[string][]Reading{
			"P-101": {
				{ProbeID: "P-101", At: at(0), TempC: 4.5, Battery: 0.9},
				{ProbeID: "P-101", At: at(10), TempC: 9.2, Battery: 0.9},
				{ProbeID: "P-101", At: at(40), TempC: 9.8, Battery: 0.9},
				{ProbeID: "P-101", At: at(55), TempC: 5.1, Battery: 0.9},
			},
			"P-202": {
				{ProbeID: "P-202", At: at(0), TempC: -19.0, Battery: 0.2},
				{ProbeID: "P-202", At: at(5), TempC: -13.5, Battery: 0.1},
			},
		},
		offline: map[string]bool{"P-303": true},
	}
	m, err := New(feed, Config{
		Fridges: []Fridge{
			{ID: "F1", Location: "dispensary, vaccine fridge", Class: Vaccines, ProbeID: "P-101"},
			{ID: "F2", Location: "back store, chest freezer", Class: Frozen, ProbeID: "P-202"},
			{ID: "F3", Location: "dispensary, insulin fridge", Class: Insulin, ProbeID: "P-303"},
		},
		Grace:      30 * time.Minute,
		LowBattery: 0.15,
		Logger:     log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	alerts := m.Watch(ctx)

	var got []Alert
	timeout := time.After(2 * time.Second)
	for len(got) < 5 {
		select {
		case a := <-alerts:
			got = append(got, a)
		case <-timeout:
			t.Fatalf("timed out after %d alerts: %+v", len(got), got)
		}
	}
	cancel()

	sort.SliceStable(got, func(i, j int) bool { return got[i].FridgeID < got[j].FridgeID })
	wantKinds := []string{
		"F1/" + string(ExcursionStarted),
		"F1/" + string(ExcursionCritical),
		"F1/" + string(ExcursionEnded),
		"F2/" + string(LowBattery),
		"F2/" + string(ExcursionStarted),
	}
	for i, a := range got {
		if k := a.FridgeID + "/" + string(a.Kind); k != wantKinds[i] {
			t.Errorf("alert %d = %s, want %s", i, k, wantKinds[i])
		}
	}
	if d := got[2].Duration; d != 45*time.Minute {
		t.Errorf("F1 excursion lasted %v, want 45m", d)
	}

	deg := m.Degraded()
	if len(deg) != 1 || !errors.Is(deg["F3"], ErrProbeOffline) {
		t.Errorf("degraded = %v, want only F3 offline", deg)
	}
	if open := m.OpenExcursions(); len(open) != 1 || open[0] != "F2" {
		t.Errorf("open excursions = %v, want [F2]", open)
	}
}
