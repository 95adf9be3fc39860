package fitsync

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu       sync.Mutex
	workouts map[string]Workout
}

func (m *memStore) HasWorkout(ctx context.Context, userID, fp string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.workouts[fp]
	return ok, nil
}

func (m *memStore) SaveWorkout(ctx context.Context, fp string, w Workout) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.workouts[fp] = w
	return nil
}

func (m *memStore) WorkoutDays(ctx context.Context, userID string, since time.Time) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	days := make(map[string]bool)
	for _, w := range m.workouts {
		if w.UserID == userID && !w.Start.Before(since) {
			days[w.Start.UTC().Format("2006-01-02")] = true
		}
	}
	return days, nil
}

// effortEnricher mimics a third-party training-load plugin.
type effortEnricher struct{}

func (effortEnricher) Enrich(ctx context.Context, w *Workout) error {
	kcalPerBeat := w.Calories / w.AvgHR
	if kcalPerBeat > 10 {
		return errors.New("implausible effort")
	}
	return nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}

func TestPhoneReuploadAfterWatchUploadFailed(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 14, 18, 30, 0, 0, time.UTC)
	store := &memStore{workouts: make(map[string]Workout)}
	svc := New(store,
		WithEnrichers(effortEnricher{}),
		WithClock(fixedClock(now)),
		WithLogger(discardLogger{}),
	)
	defer svc.Close()

	watch := <-svc.Ingest(Upload{
		ID: "up-watch-1", UserID: "u42", DeviceID: "watch-7", Format: "json", ReceivedAt: now,
		Payload: []byte(`{"workouts":[
			{"sport":"ride","start":"2024-03-13T17:02:11Z","duration_s":3600,"distance_m":30100,"calories":800,"avg_hr":131},
			{"sport":"run","start":"2024-03-14T07:00:05Z","duration_s":1805,"distance_m":5012,"calories":410,"avg_hr":0}
		]}`),
	})
	if !errors.Is(watch.Err, ErrProcessing) {
		t.Fatalf("watch upload: err = %v, want ErrProcessing", watch.Err)
	}
	if watch.Accepted != 1 {
		t.Errorf("watch upload accepted %d workouts before failing, want 1", watch.Accepted)
	}

	phoneCh := svc.Ingest(Upload{
		ID: "up-phone-1", UserID: "u42", DeviceID: "phone-2", Format: "json", ReceivedAt: now,
		Payload: []byte(`{"workouts":[
			{"sport":"ride","start":"2024-03-13T17:02:40Z","duration_s":3590,"distance_m":30000,"calories":790,"avg_hr":0},
			{"sport":"run","start":"2024-03-14T07:00:31Z","duration_s":1790,"distance_m":4990,"calories":405,"avg_hr":148}
		]}`),
	})
	select {
	case phone := <-phoneCh:
		if phone.Err != nil {
			t.Fatalf("phone upload: %v", phone.Err)
		}
		if phone.Accepted != 1 || phone.Duplicates != 1 {
			t.Errorf("phone upload: accepted %d, duplicates %d; want 1 and 1", phone.Accepted, phone.Duplicates)
		}
		if phone.Streak != 2 {
			t.Errorf("streak = %d, want 2", phone.Streak)
		}
	case <-time.After(300 * time.Millisecond):
		t.Error("phone upload produced no result")
	}
}
