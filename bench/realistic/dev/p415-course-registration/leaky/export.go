package registration

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ErrWindowOpen is returned when a roster is exported before the course's
// enrollment window has closed.
var ErrWindowOpen = errors.New("registration: enrollment window still open")

// RosterSink receives final class rosters, typically the bulk import
// endpoint of the student information system. Upload reads body until EOF
// or until it fails.
type RosterSink interface {
	Upload(ctx context.Context, name string, body io.Reader) error
}

var rosterHeader = []string{"term", "course_id", "student_id", "status", "waitlist_position", "registered_at"}

// ExportRoster streams the final roster of a course to the sink once its
// enrollment window has closed.
func (s *Service) ExportRoster(ctx context.Context, courseID string) error {
	s.mu.Lock()
	c, ok := s.courses[courseID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrUnknownCourse, courseID)
	}
	if s.clock.Now().Before(c.Window.Closes) {
		s.mu.Unlock()
		return fmt.Errorf("export %s: %w", courseID, ErrWindowOpen)
	}
	rows := make([]Enrollment, 0, len(c.enrolled)+len(c.waitlist))
	rows = append(rows, c.enrolled...)
	rows = append(rows, c.waitlist...)
	s.mu.Unlock()

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeRoster(pw, s.term, rows))
	}()
	name := fmt.Sprintf("%s_%s_roster.csv", s.term, courseID)
	if err := s.sink.Upload(ctx, name, pr); err != nil {
		return fmt.Errorf("export %s roster: %w", courseID, err)
	}
	return nil
}

func writeRoster(w io.Writer, term string, rows []Enrollment) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(rosterHeader); err != nil {
		return err
	}
	for _, e := range rows {
		rec := []string{term, e.CourseID, e.StudentID, string(e.Status), "", e.At.UTC().Format(time.RFC3339)}
		if e.Status == Waitlisted {
			rec[4] = strconv.Itoa(e.Position)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush() // leak: pipe write blocks once Upload gives up without draining the reader
	return cw.Error()
}
