package featurestore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// fakeOffline serves canned rows. Pulls for views listed in block wait until
// their context is done, after signalling on started.
type fakeOffline struct {
	rows    map[string][]Row
	block   map[string]bool
	started chan string
}

func (f *fakeOffline) Pull(ctx context.Context, view FeatureView, since, until time.Time) ([]Row, error) {
	if f.block[view.Name] {
		f.started <- view.Name
		<-ctx.Done()
		return nil, ctx.Err()
	}
	var out []Row
	for _, r := range f.rows[view.Name] {
		if r.EventTime.After(since) && !r.EventTime.After(until) {
			out = append(out, r)
		}
	}
	return out, nil
}

type memOnline struct {
	mu   sync.Mutex
	rows map[string]Row
}

func (m *memOnline) Put(_ context.Context, rows []Row) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rows {
		m.rows[r.View+"/"+r.EntityKey] = r
	}
	return nil
}

func (m *memOnline) Get(_ context.Context, view, key string) (Row, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.rows[view+"/"+key]
	return r, ok, nil
}

func TestWaitMaterializedTimeoutThenClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	views := []FeatureView{
		{Name: "user_profile", Entity: "user_id", Features: []string{"age_days", "country_risk"}, TTL: 24 * time.Hour},
		{Name: "user_txn_7d", Entity: "user_id", Features: []string{"txn_count", "txn_sum"}, TTL: time.Hour},
		{Name: "merchant_risk", Entity: "merchant_id", Features: []string{"chargeback_rate"}},
	}
	offline := &fakeOffline{
		rows: map[string][]Row{
			"user_profile": {
				{View: "user_profile", EntityKey: "u1", Values: map[string]float64{"age_days": 420, "country_risk": 0.1}, EventTime: now.Add(-2 * time.Hour)},
				{View: "user_profile", EntityKey: "u2", Values: map[string]float64{"age_days": 3}, EventTime: now.Add(-30 * time.Hour)},
			},
		},
		block:   map[string]bool{"user_txn_7d": true},
		started: make(chan string, 1),
	}
	online := &memOnline{rows: make(map[string]Row)}
	s, err := New(offline, online, views, WithClock(fixedClock{now}), WithBatchSize(1), WithLogger(t.Logf))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	ctx := context.Background()
	if err := s.Materialize("user_profile"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitMaterialized(ctx); err != nil {
		t.Fatalf("WaitMaterialized: %v", err)
	}
	got, err := s.GetOnlineFeatures(ctx, "u1", []string{"user_profile:age_days", "user_profile:country_risk"})
	if err != nil {
		t.Fatal(err)
	}
	if v := got["user_profile:age_days"]; v.Status != StatusPresent || v.Value != 420 {
		t.Fatalf("age_days = %+v", v)
	}
	got, err = s.GetOnlineFeatures(ctx, "u2", []string{"user_profile:age_days", "user_profile:country_risk"})
	if err != nil {
		t.Fatal(err)
	}
	if got["user_profile:age_days"].Status != StatusStale || got["user_profile:country_risk"].Status != StatusMissing {
		t.Fatalf("u2 = %+v", got)
	}

	// The warehouse hangs on the next view while another one is queued.
	if err := s.Materialize("user_txn_7d"); err != nil {
		t.Fatal(err)
	}
	<-offline.started
	if err := s.Materialize("merchant_risk"); err != nil {
		t.Fatal(err)
	}

	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := s.WaitMaterialized(waitCtx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitMaterialized = %v, want deadline exceeded", err)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MaterializationStatus("user_txn_7d"); !errors.Is(err, context.Canceled) {
		t.Fatalf("user_txn_7d status error = %v, want canceled", err)
	}
	if err := s.Materialize("merchant_risk"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Materialize after Close = %v, want ErrClosed", err)
	}
}
