package spooler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeDriver prints instantly, except for documents listed in jam, which
// hang until their context is canceled, like a printer with a paper jam.
type fakeDriver struct {
	jam     map[string]bool
	started chan string

	mu      sync.Mutex
	printed []string
}

func (d *fakeDriver) Print(ctx context.Context, printer string, doc Document) error {
	d.started <- doc.Name
	if d.jam[doc.Name] {
		<-ctx.Done()
		return ctx.Err()
	}
	d.mu.Lock()
	d.printed = append(d.printed, printer+"/"+doc.Name)
	d.mu.Unlock()
	return nil
}

func TestReapStuckJobThenRemovePrinter(t *testing.T) {
	defer goleak.VerifyNone(t)

	clk := &fakeClock{now: time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)}
	drv := &fakeDriver{
		jam:     map[string]bool{"poster-a0.pdf": true},
		started: make(chan string, 8),
	}
	finished := make(chan Status, 8)
	s := New(drv,
		WithClock(clk),
		WithStuckAfter(2*time.Minute),
		WithNotify(func(st Status) { finished <- st }),
	)
	defer s.Close()

	const printer = "floor2-laser"
	if err := s.AddPrinter(printer); err != nil {
		t.Fatalf("AddPrinter: %v", err)
	}
	if err := s.AddPrinter(printer); !errors.Is(err, ErrPrinterExists) {
		t.Fatalf("second AddPrinter = %v, want ErrPrinterExists", err)
	}

	report, err := s.Submit(printer, Document{Name: "q3-report.pdf", Owner: "dana"})
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	<-drv.started
	if st := <-finished; st.ID != report || st.State != StateDone || st.Err != nil {
		t.Fatalf("report finished with %+v, want done", st)
	}

	poster, err := s.Submit(printer, Document{Name: "poster-a0.pdf", Owner: "lee"})
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	<-drv.started
	st, err := s.Status(poster)
	if err != nil || st.State != StatePrinting {
		t.Fatalf("Status(poster) = %+v, %v; want printing", st, err)
	}
	if reaped := s.ReapStuck(); len(reaped) != 0 {
		t.Fatalf("ReapStuck before deadline = %v, want none", reaped)
	}

	clk.Advance(3 * time.Minute)
	reaped := s.ReapStuck()
	if len(reaped) != 1 || reaped[0] != poster {
		t.Fatalf("ReapStuck = %v, want [%s]", reaped, poster)
	}
	st = <-finished
	if st.ID != poster || st.State != StateCanceled || !errors.Is(st.Err, ErrStuck) {
		t.Fatalf("poster finished with %+v, want canceled as stuck", st)
	}

	// The jammed printer is taken out of service.
	if err := s.RemovePrinter(printer); err != nil {
		t.Fatalf("RemovePrinter: %v", err)
	}
	if _, err := s.Submit(printer, Document{Name: "memo.txt"}); !errors.Is(err, ErrUnknownPrinter) {
		t.Fatalf("Submit after removal = %v, want ErrUnknownPrinter", err)
	}

	drv.mu.Lock()
	defer drv.mu.Unlock()
	if len(drv.printed) != 1 || drv.printed[0] != printer+"/q3-report.pdf" {
		t.Fatalf("printed = %v", drv.printed)
	}
}
