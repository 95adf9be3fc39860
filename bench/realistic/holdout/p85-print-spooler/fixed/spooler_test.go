package spooler

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ t time.Time }

func (c fakeClock) Now() time.Time { return c.t }

// recordingDriver remembers the titles of the jobs it printed.
type recordingDriver struct {
	mu     sync.Mutex
	titles []string
}

func (d *recordingDriver) Print(ctx context.Context, job *Job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.titles = append(d.titles, job.Title)
	return nil
}

func (d *recordingDriver) printed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.titles...)
}

// statusLog collects status updates and lets the test wait for a job to
// reach a terminal state.
type statusLog struct {
	updates chan Status
}

func newStatusLog() *statusLog { return &statusLog{updates: make(chan Status, 32)} }

func (l *statusLog) record(s Status) { l.updates <- s }

func (l *statusLog) waitFinished(t *testing.T, id string) Status {
	t.Helper()
	timeout := time.After(time.Second)
	for {
		select {
		case s := <-l.updates:
			if s.JobID == id && s.State.terminal() {
				return s
			}
		case <-timeout:
			t.Fatalf("job %s did not finish", id)
		}
	}
}

func TestReregisterPrinterRoutesToNewDriver(t *testing.T) {
	defer goleak.VerifyNone(t)

	log := newStatusLog()
	sp := New(
		WithStatusFunc(log.record),
		WithClock(fakeClock{t: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)}),
		WithQueueDepth(4),
	)

	oldDriver := &recordingDriver{}
	if err := sp.RegisterPrinter("office", oldDriver); err != nil {
		t.Fatalf("RegisterPrinter: %v", err)
	}
	id, err := sp.Submit("office", Job{Owner: "ana", Title: "budget.pdf"})
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if st := log.waitFinished(t, id); st.State != JobDone {
		t.Fatalf("first job finished as %v (%v), want done", st.State, st.Err)
	}

	// A driver upgrade re-registers the same printer name.
	newDriver := &recordingDriver{}
	if err := sp.RegisterPrinter("office", newDriver); err != nil {
		t.Fatalf("RegisterPrinter (upgrade): %v", err)
	}
	id, err = sp.Submit("office", Job{Owner: "ben", Title: "slides.ps", Copies: 2})
	if err != nil {
		t.Fatalf("Submit after upgrade: %v", err)
	}
	if st := log.waitFinished(t, id); st.State != JobDone {
		t.Fatalf("second job finished as %v (%v), want done", st.State, st.Err)
	}

	if got := oldDriver.printed(); len(got) != 1 || got[0] != "budget.pdf" {
		t.Fatalf("old driver printed %v, want [budget.pdf]", got)
	}
	if got := newDriver.printed(); len(got) != 1 || got[0] != "slides.ps" {
		t.Fatalf("new driver printed %v, want [slides.ps]", got)
	}

	if err := sp.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
