// Package registration implements course registration for a university
// term: students enroll during a course's enrollment window, up to the
// course's seat cap, and are put on a bounded waitlist once it is full.
// Seats freed by drops go to the head of the waitlist.
package registration

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the Service.
var (
	ErrUnknownCourse     = errors.New("registration: unknown course")
	ErrWindowNotOpen     = errors.New("registration: enrollment window not open yet")
	ErrWindowClosed      = errors.New("registration: enrollment window closed")
	ErrAlreadyRegistered = errors.New("registration: already registered")
	ErrNotRegistered     = errors.New("registration: not registered")
	ErrCourseFull        = errors.New("registration: course and waitlist full")
)

// Status of a registration.
type Status string

// Registration statuses.
const (
	Enrolled   Status = "enrolled"
	Waitlisted Status = "waitlisted"
)

// Window is the half-open interval [Opens, Closes) during which students
// may enroll in or drop a course.
type Window struct {
	Opens, Closes time.Time
}

// Course is a section offered in the term.
type Course struct {
	ID          string
	Title       string
	Capacity    int
	WaitlistCap int
	Window      Window
}

// Enrollment is a student's registration in a course. Position is the
// 1-based waitlist position and is 0 for enrolled students.
type Enrollment struct {
	StudentID string
	CourseID  string
	Status    Status
	Position  int
	At        time.Time
}

// Store persists registrations.
type Store interface {
	SaveEnrollment(ctx context.Context, e Enrollment) error
	DeleteEnrollment(ctx context.Context, studentID, courseID string) error
}

// Clock is the source of the current time.
type Clock interface {
	Now() time.Time
}

// Config configures a Service.
type Config struct {
	Term    string
	Courses []Course
	Store   Store
	Sink    RosterSink
	Clock   Clock
}

type courseState struct {
	Course
	enrolled []Enrollment
	waitlist []Enrollment
}

func (c *courseState) find(studentID string) (list *[]Enrollment, idx int) {
	for i, e := range c.enrolled {
		if e.StudentID == studentID {
			return &c.enrolled, i
		}
	}
	for i, e := range c.waitlist {
		if e.StudentID == studentID {
			return &c.waitlist, i
		}
	}
	return nil, -1
}

func (c *courseState) renumber() {
	for i := range c.waitlist {
		c.waitlist[i].Position = i + 1
	}
}

// Service handles registration for one term.
type Service struct {
	term  string
	store Store
	sink  RosterSink
	clock Clock

	mu      sync.Mutex
	courses map[string]*courseState
}

// New returns a Service for cfg.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Sink == nil || cfg.Clock == nil {
		return nil, errors.New("registration: store, sink and clock are required")
	}
	s := &Service{term: cfg.Term, store: cfg.Store, sink: cfg.Sink, clock: cfg.Clock,
		courses: make(map[string]*courseState, len(cfg.Courses))}
	for _, c := range cfg.Courses {
		if c.Capacity <= 0 || !c.Window.Opens.Before(c.Window.Closes) {
			return nil, fmt.Errorf("registration: invalid course %s", c.ID)
		}
		s.courses[c.ID] = &courseState{Course: c}
	}
	return s, nil
}

// openCourse returns the course if now is inside its window. s.mu must be held.
func (s *Service) openCourse(courseID string, now time.Time) (*courseState, error) {
	c, ok := s.courses[courseID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownCourse, courseID)
	}
	if now.Before(c.Window.Opens) {
		return nil, fmt.Errorf("%s opens %s: %w", courseID, c.Window.Opens.Format(time.RFC3339), ErrWindowNotOpen)
	}
	if !now.Before(c.Window.Closes) {
		return nil, fmt.Errorf("%s: %w", courseID, ErrWindowClosed)
	}
	return c, nil
}

// Enroll registers a student in a course, on the waitlist if the course is
// full.
func (s *Service) Enroll(ctx context.Context, studentID, courseID string) (Enrollment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	c, err := s.openCourse(courseID, now)
	if err != nil {
		return Enrollment{}, err
	}
	if list, _ := c.find(studentID); list != nil {
		return Enrollment{}, fmt.Errorf("%s in %s: %w", studentID, courseID, ErrAlreadyRegistered)
	}
	e := Enrollment{StudentID: studentID, CourseID: courseID, At: now}
	switch {
	case len(c.enrolled) < c.Capacity:
		e.Status = Enrolled
	case len(c.waitlist) < c.WaitlistCap:
		e.Status, e.Position = Waitlisted, len(c.waitlist)+1
	default:
		return Enrollment{}, fmt.Errorf("%s: %w", courseID, ErrCourseFull)
	}
	if err := s.store.SaveEnrollment(ctx, e); err != nil {
		return Enrollment{}, fmt.Errorf("enroll %s in %s: %w", studentID, courseID, err)
	}
	if e.Status == Enrolled {
		c.enrolled = append(c.enrolled, e)
	} else {
		c.waitlist = append(c.waitlist, e)
	}
	return e, nil
}

// Drop removes a student's registration. If an enrolled student drops, the
// first waitlisted student takes the seat.
func (s *Service) Drop(ctx context.Context, studentID, courseID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.openCourse(courseID, s.clock.Now())
	if err != nil {
		return err
	}
	list, i := c.find(studentID)
	if list == nil {
		return fmt.Errorf("%s in %s: %w", studentID, courseID, ErrNotRegistered)
	}
	if err := s.store.DeleteEnrollment(ctx, studentID, courseID); err != nil {
		return fmt.Errorf("drop %s from %s: %w", studentID, courseID, err)
	}
	wasEnrolled := list == &c.enrolled
	*list = append((*list)[:i], (*list)[i+1:]...)
	if wasEnrolled && len(c.waitlist) > 0 {
		next := c.waitlist[0]
		next.Status, next.Position = Enrolled, 0
		if err := s.store.SaveEnrollment(ctx, next); err != nil {
			c.renumber()
			return fmt.Errorf("promote %s in %s: %w", next.StudentID, courseID, err)
		}
		c.waitlist = c.waitlist[1:]
		c.enrolled = append(c.enrolled, next)
	}
	c.renumber()
	return nil
}

// Roster returns a copy of the enrolled students and the waitlist.
func (s *Service) Roster(courseID string) (enrolled, waitlist []Enrollment, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.courses[courseID]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s", ErrUnknownCourse, courseID)
	}
	enrolled = append([]Enrollment(nil), c.enrolled...)
	waitlist = append([]Enrollment(nil), c.waitlist...)
	return enrolled, waitlist, nil
}
