package relay

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeModem struct {
	mu      sync.Mutex
	latency map[string]time.Duration
	revoked map[string]bool
	offline map[string]bool
	base    time.Time
	calls   int
}

func (m *fakeModem) Fetch(ctx context.Context, st Station, since time.Time) ([]Reading, error) {
	m.mu.Lock()
	m.calls++
	delay := m.latency[st.ID]
	revoked := m.revoked[st.ID]
	offline := m.offline[st.ID]
	base := m.base
	m.mu.Unlock()

	if revoked {
		return nil, ErrUnauthorized
	}
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if offline {
		return nil, ErrStationOffline
	}
	var out []Reading
	for i := 0; i < 6; i++ {
		at := base.Add(time.Duration(i) * 10 * time.Minute)
		if !at.After(since) {
			continue
		}
		out = append(out,
			Reading{Station: st.ID, Kind: KindAirTemp, At: at, Value: -8.5 + float64(i)*0.3},
			Reading{Station: st.ID, Kind: KindIceTemp, At: at, Value: -2.1},
			Reading{Station: st.ID, Kind: KindBattery, At: at, Value: 12.6},
		)
	}
	out = append(out, Reading{Station: st.ID, Kind: KindMeltwater, At: base, Value: -4})
	return out, nil
}

type memSink struct {
	mu      sync.Mutex
	batches [][]Reading
}

func (s *memSink) Publish(_ context.Context, batch []Reading) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, append([]Reading(nil), batch...))
	return nil
}

func (s *memSink) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, b := range s.batches {
		n += len(b)
	}
	return n
}

func TestCycleWithRotatedCredentials(t *testing.T) {
	base := time.Date(2024, 7, 14, 6, 0, 0, 0, time.UTC)
	stations := []Station{
		{ID: "ridge-2", Glacier: "Rhone", Elevation: 2940},
		{ID: "tongue-1", Glacier: "Rhone", Elevation: 2210},
		{ID: "col-3", Glacier: "Rhone", Elevation: 3350},
		{ID: "moraine-4", Glacier: "Rhone", Elevation: 2480},
	}
	modem := &fakeModem{
		base: base,
		latency: map[string]time.Duration{
			"ridge-2":   5 * time.Millisecond,
			"tongue-1":  20 * time.Millisecond,
			"col-3":     30 * time.Millisecond,
			"moraine-4": 25 * time.Millisecond,
		},
		revoked: map[string]bool{},
		offline: map[string]bool{"moraine-4": true},
	}
	sink := &memSink{}
	r, err := New(modem, sink, stations,
		WithBatchSize(20),
		WithFetchTimeout(time.Second),
		WithClock(func() time.Time { return base.Add(time.Hour) }),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if err := r.Cycle(ctx); err != nil {
		t.Fatalf("first cycle: %v", err)
	}
	if got, want := sink.total(), 3*18; got != want {
		t.Fatalf("published %d readings, want %d", got, want)
	}
	if st := r.Stats(); st.Rejected != 3 || st.Failed != 1 {
		t.Fatalf("unexpected stats after first cycle: %+v", st)
	}
	if c := r.Cursor("col-3"); !c.Equal(base.Add(50 * time.Minute)) {
		t.Fatalf("cursor for col-3 = %s", c)
	}

	modem.mu.Lock()
	modem.revoked["ridge-2"] = true
	modem.base = base.Add(time.Hour)
	modem.mu.Unlock()

	err = r.Cycle(ctx)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("second cycle: got %v, want ErrUnauthorized", err)
	}
	var fe *FetchError
	if !errors.As(err, &fe) || fe.Station != "ridge-2" {
		t.Fatalf("second cycle: error does not name ridge-2: %v", err)
	}

	goleak.VerifyNone(t)
}
