package showqueue

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// clockProjector plays a show for its runtime, scaled down for tests.
type clockProjector struct {
	scale float64

	mu     sync.Mutex
	screen map[string][]string
}

func (p *clockProjector) Play(ctx context.Context, dome string, s Show) error {
	t := time.NewTimer(time.Duration(float64(s.Runtime) * p.scale))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	p.screen[dome] = append(p.screen[dome], s.ID)
	p.mu.Unlock()
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestShutdownScreensQueuedShows(t *testing.T) {
	defer goleak.VerifyNone(t)

	proj := &clockProjector{scale: 1.0 / 60000, screen: make(map[string][]string)}
	q, err := New(Config{
		Domes: []DomeSpec{
			{Name: "grand", Seats: 280, Formats: []Format{FormatFulldome, FormatLaser, FormatLiveSky}},
			{Name: "studio", Seats: 70, Formats: []Format{FormatFulldome}},
		},
		Projector: proj,
		Logger:    testLogger{t},
	})
	if err != nil {
		t.Fatal(err)
	}

	evening := time.Date(2024, 3, 9, 19, 0, 0, 0, time.UTC)
	shows := []Show{
		{ID: "s1", Title: "Cosmic Dawn", Format: FormatFulldome, Seats: 240, Starts: evening, Runtime: 45 * time.Minute},
		{ID: "s2", Title: "Stars Tonight", Format: FormatFulldome, Seats: 38, Starts: evening, Runtime: 10 * time.Minute},
		{ID: "s3", Title: "Dark Side Laser", Format: FormatLaser, Seats: 190, Starts: evening.Add(time.Hour), Runtime: 40 * time.Minute},
	}
	for _, s := range shows {
		if err := q.Enqueue(s); err != nil {
			t.Fatalf("Enqueue(%s): %v", s.ID, err)
		}
	}
	if err := q.Enqueue(Show{ID: "s4", Title: "Big Crowd", Format: FormatLaser, Seats: 400, Runtime: time.Minute}); err == nil {
		t.Fatal("expected a show larger than every dome to be rejected")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := q.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}

	st := q.Stats()
	if st.Pending != 0 || st.Failed != 0 {
		t.Errorf("after shutdown: %+v", st)
	}
	if got := st.Played["grand"] + st.Played["studio"]; got != len(shows) {
		t.Errorf("played %d shows, want %d (%v)", got, len(shows), st.Played)
	}
}
