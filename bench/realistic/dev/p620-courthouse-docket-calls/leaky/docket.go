// Package docket runs the morning calendar call for a courtroom: each
// matter on the day's calendar is called, appearances are checked against
// the lobby check-in kiosk, and counsel are notified of the disposition.
package docket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"time"
)

var (
	// ErrNoSuchCase is returned by a CaseIndex for an unknown case number.
	ErrNoSuchCase = errors.New("docket: no such case")
	// ErrWrongDepartment is returned when a calendar lists a case that is
	// assigned to another courtroom.
	ErrWrongDepartment = errors.New("docket: case assigned to another department")
)

// Kind is the type of proceeding.
type Kind string

// Proceeding kinds.
const (
	Criminal Kind = "CR"
	Civil    Kind = "CV"
	Family   Kind = "FL"
	Juvenile Kind = "JV"
)

// Case is the court's record of a matter.
type Case struct {
	Number     string
	Kind       Kind
	Caption    string
	Department string
	Sealed     bool
	Parties    []Party
}

// Party is a litigant and their lawyer, if any.
type Party struct {
	Name    string
	Role    string
	Counsel string
}

// Entry is one line of a printed calendar.
type Entry struct {
	Line       int
	CaseNumber string
	Hearing    string
}

// Calendar is a courtroom's list of matters for one session.
type Calendar struct {
	ID         string
	Department string
	Session    time.Time
	Entries    []Entry
}

// Disposition is what happened when the matter was called.
type Disposition string

// Dispositions.
const (
	Ready        Disposition = "ready"
	SecondCall   Disposition = "second-call"
	FailedAppear Disposition = "fta"
	BenchWarrant Disposition = "bench-warrant-requested"
)

// Outcome records the call of one matter.
type Outcome struct {
	Line        int
	Case        string
	Disposition Disposition
	Absent      []string
}

// CaseIndex looks cases up in the case management system.
type CaseIndex interface {
	Lookup(ctx context.Context, number string) (Case, error)
}

// Lobby reports who has checked in at the courthouse kiosk.
type Lobby interface {
	CheckedIn(ctx context.Context, department, name string) (bool, error)
}

// Notifier tells counsel what happened to their matter.
type Notifier interface {
	Notify(ctx context.Context, counsel string, o Outcome) error
}

// Config configures a Clerk.
type Config struct {
	// Deputies is how many matters are called in parallel.
	Deputies int
	Logger   *log.Logger
}

// Clerk calls calendars for one courthouse.
type Clerk struct {
	cases  CaseIndex
	lobby  Lobby
	notify Notifier
	cfg    Config
}

// NewClerk returns a Clerk. notify may be nil.
func NewClerk(cases CaseIndex, lobby Lobby, notify Notifier, cfg Config) (*Clerk, error) {
	if cases == nil || lobby == nil {
		return nil, errors.New("docket: case index and lobby are required")
	}
	if cfg.Deputies <= 0 {
		cfg.Deputies = 4
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Clerk{cases: cases, lobby: lobby, notify: notify, cfg: cfg}, nil
}

func (c Case) publicCaption() string {
	if c.Sealed || c.Kind == Juvenile {
		parts := strings.SplitN(c.Number, "-", 2)
		return fmt.Sprintf("In re %s matter (%s)", parts[0], c.Number)
	}
	return c.Caption
}
