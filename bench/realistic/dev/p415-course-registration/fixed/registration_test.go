package registration

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

type memStore struct {
	mu   sync.Mutex
	rows map[string]Enrollment
}

func (m *memStore) SaveEnrollment(_ context.Context, e Enrollment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rows[e.StudentID+"/"+e.CourseID] = e
	return nil
}

func (m *memStore) DeleteEnrollment(_ context.Context, studentID, courseID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.rows, studentID+"/"+courseID)
	return nil
}

var errUnauthorized = errors.New("sis: 401 unauthorized")

// sisSink rejects uploads while its token is expired, as the real import
// endpoint does before reading the request body.
type sisSink struct {
	tokenExpired bool
	uploads      map[string]string
}

func (s *sisSink) Upload(_ context.Context, name string, body io.Reader) error {
	if s.tokenExpired {
		return errUnauthorized
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.uploads[name] = string(b)
	return nil
}

func TestWaitlistAndExportWithExpiredToken(t *testing.T) {
	defer goleak.VerifyNone(t)

	opens := time.Date(2024, 8, 19, 8, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: opens.Add(time.Hour)}
	sink := &sisSink{tokenExpired: true, uploads: map[string]string{}}
	svc, err := New(Config{
		Term:  "2024FA",
		Store: &memStore{rows: map[string]Enrollment{}},
		Sink:  sink,
		Clock: clock,
		Courses: []Course{{ID: "CS101-01", Title: "Intro to Programming", Capacity: 2, WaitlistCap: 1,
			Window: Window{Opens: opens, Closes: opens.Add(14 * 24 * time.Hour)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"s1", "s2", "s3"} {
		if _, err := svc.Enroll(ctx, id, "CS101-01"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Enroll(ctx, "s4", "CS101-01"); !errors.Is(err, ErrCourseFull) {
		t.Fatalf("enroll into full course: got %v, want ErrCourseFull", err)
	}
	if err := svc.Drop(ctx, "s1", "CS101-01"); err != nil {
		t.Fatal(err)
	}
	enrolled, waitlist, err := svc.Roster("CS101-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(enrolled) != 2 || enrolled[1].StudentID != "s3" || len(waitlist) != 0 {
		t.Fatalf("after drop: enrolled=%v waitlist=%v", enrolled, waitlist)
	}

	if err := svc.ExportRoster(ctx, "CS101-01"); !errors.Is(err, ErrWindowOpen) {
		t.Fatalf("export during window: got %v, want ErrWindowOpen", err)
	}
	clock.set(opens.Add(15 * 24 * time.Hour))
	if _, err := svc.Enroll(ctx, "s5", "CS101-01"); !errors.Is(err, ErrWindowClosed) {
		t.Fatalf("enroll after window: got %v, want ErrWindowClosed", err)
	}
	if err := svc.ExportRoster(ctx, "CS101-01"); !errors.Is(err, errUnauthorized) {
		t.Fatalf("export with expired token: got %v, want %v", err, errUnauthorized)
	}

	sink.tokenExpired = false
	if err := svc.ExportRoster(ctx, "CS101-01"); err != nil {
		t.Fatal(err)
	}
	got := sink.uploads["2024FA_CS101-01_roster.csv"]
	if !strings.HasPrefix(got, "term,course_id,") || strings.Count(got, "\n") != 3 {
		t.Fatalf("unexpected roster upload:\n%s", got)
	}
}
