package printfarm

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSlicer struct{}

func (fakeSlicer) Slice(ctx context.Context, job Job) (Gcode, error) {
	return Gcode{JobID: job.ID, URL: "https://slicer.local/gcode/" + job.ID + ".gcode",
		Estimate: 3 * time.Hour, FilamentG: 112}, nil
}

type fakePrinter struct {
	mu      sync.Mutex
	status  Status
	started []string
}

func (p *fakePrinter) Start(ctx context.Context, g Gcode) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started = append(p.started, g.JobID)
	p.status = Status{State: PrinterPrinting, JobID: g.JobID}
	return nil
}

func (p *fakePrinter) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status, nil
}

func (p *fakePrinter) set(st Status) {
	p.mu.Lock()
	p.status = st
	p.mu.Unlock()
}

type fakeTicker struct{ c chan time.Time }

type fakeClock struct {
	now     time.Time
	tickers chan *fakeTicker
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) NewTicker(time.Duration) (<-chan time.Time, func()) {
	t := &fakeTicker{c: make(chan time.Time)}
	c.tickers <- t
	return t.c, func() {}
}

func TestProgressContinuesAfterAgentReconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC), tickers: make(chan *fakeTicker, 4)}
	events := make(chan Progress, 16)
	d := New(fakeSlicer{},
		WithClock(clock),
		WithProgressHandler(func(p Progress) { events <- p }),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	defer d.Close()
	ctx := context.Background()

	conn1 := &fakePrinter{status: Status{State: PrinterIdle}}
	if err := d.Register(ctx, PrinterSpec{ID: "mk4-03", Material: PETG, Nozzle: 0.4, Client: conn1}); err != nil {
		t.Fatalf("Register: %v", err)
	}
	tick1 := <-clock.tickers

	job := Job{ID: "job-881", ModelURL: "s3://models/bracket-v3.3mf", Material: PETG, Nozzle: 0.4, Infill: 30}
	if err := d.Submit(ctx, job); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	expect := func(state JobState, pct float64) {
		t.Helper()
		p := <-events
		if p.JobID != job.ID || p.State != state || p.Percent != pct {
			t.Fatalf("event = %+v, want %s at %.2f", p, state, pct)
		}
	}
	expect(JobQueued, 0)
	expect(JobPrinting, 0)

	conn1.set(Status{State: PrinterPrinting, JobID: job.ID, Progress: 0.4})
	tick1.c <- clock.now
	expect(JobPrinting, 0.4)

	// The agent drops its connection and registers again mid-print.
	conn2 := &fakePrinter{status: Status{State: PrinterPrinting, JobID: job.ID, Progress: 0.45}}
	if err := d.Register(ctx, PrinterSpec{ID: "mk4-03", Material: PETG, Nozzle: 0.4, Client: conn2}); err != nil {
		t.Fatalf("re-Register: %v", err)
	}
	tick2 := <-clock.tickers
	tick2.c <- clock.now
	expect(JobPrinting, 0.45)

	conn2.set(Status{State: PrinterIdle, JobID: job.ID, Progress: 1})
	tick2.c <- clock.now
	expect(JobDone, 1)

	conn2.mu.Lock()
	restarted := len(conn2.started)
	conn2.mu.Unlock()
	if restarted != 0 {
		t.Errorf("job was started again on reconnect")
	}
}
