package payroll

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeClock fires every timer immediately so retries do not slow tests down.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	delays []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.delays = append(c.delays, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- c.now.Add(d)
	return ch
}

type fakeDirectory []Employee

func (d fakeDirectory) ActiveEmployees(ctx context.Context, p PayPeriod) ([]Employee, error) {
	return d, nil
}

// fakeTimesheets returns minutes per employee; flaky employees fail with a
// transient error that many times first, broken employees always fail.
type fakeTimesheets struct {
	minutes map[string]int64
	broken  map[string]error

	mu    sync.Mutex
	flaky map[string]int
}

func (f *fakeTimesheets) MinutesWorked(ctx context.Context, id string, p PayPeriod) (int64, error) {
	if err := f.broken[id]; err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.flaky[id] > 0 {
		f.flaky[id]--
		return 0, fmt.Errorf("timesheet service: 503: %w", ErrTransient)
	}
	return f.minutes[id], nil
}

type fakeLedger struct {
	mu    sync.Mutex
	slips map[string]Payslip
}

func (l *fakeLedger) Post(ctx context.Context, s Payslip) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.slips[s.EmployeeID] = s
	return nil
}

type fakeAudit struct {
	mu     sync.Mutex
	events []AuditEvent
}

func (a *fakeAudit) Append(ctx context.Context, events []AuditEvent) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, events...)
	return nil
}

func (a *fakeAudit) kinds() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ks []string
	for _, e := range a.events {
		ks = append(ks, e.Kind)
	}
	sort.Strings(ks)
	return ks
}

var march = PayPeriod{
	ID:    "2024-03",
	Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
	End:   time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
}

func newTestProcessor(t *testing.T, ts *fakeTimesheets, failFast bool) (*Processor, *fakeLedger, *fakeAudit) {
	t.Helper()
	ledger := &fakeLedger{slips: make(map[string]Payslip)}
	audit := &fakeAudit{}
	p, err := NewProcessor(Config{
		Directory: fakeDirectory{
			{ID: "e1", Name: "Ada", Hourly: 3000, TaxClass: "A"},
			{ID: "e2", Name: "Grace", Salary: 250000, TaxClass: "A"},
			{ID: "e3", Name: "Linus", Hourly: 2500, TaxClass: "B"},
		},
		Timesheets:  ts,
		Ledger:      ledger,
		Audit:       audit,
		Clock:       &fakeClock{now: time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC)},
		TaxRates:    map[string]int64{"A": 2000, "B": 1500},
		Workers:     2,
		MaxAttempts: 3,
		Backoff:     time.Second,
		FailFast:    failFast,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, ledger, audit
}

func TestRunRetriesAndFailsFast(t *testing.T) {
	defer goleak.VerifyNone(t)

	ts := &fakeTimesheets{
		minutes: map[string]int64{"e1": 2400, "e2": 0, "e3": 600},
		flaky:   map[string]int{"e1": 2},
	}
	p, ledger, audit := newTestProcessor(t, ts, false)

	report, err := p.Run(context.Background(), march)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(report.Payslips) != 3 || len(report.Failed) != 0 {
		t.Fatalf("paid %d, failed %v; want 3 paid", len(report.Payslips), report.Failed)
	}
	if got := ledger.slips["e1"]; got.Gross != 120000 || got.Net != 96000 {
		t.Errorf("e1 payslip = %+v, want gross 1200.00 net 960.00", got)
	}
	want := "payslip.posted payslip.posted payslip.posted run.completed run.started"
	if got := fmt.Sprint(audit.kinds()); got != "["+want+"]" {
		t.Errorf("audit kinds = %s, want [%s]", got, want)
	}

	// With FailFast, one employee whose timesheet is not approved stops the
	// whole run.
	notApproved := errors.New("timesheet not approved by manager")
	ts = &fakeTimesheets{
		minutes: map[string]int64{"e1": 2400, "e2": 0},
		broken:  map[string]error{"e3": notApproved},
	}
	p, _, _ = newTestProcessor(t, ts, true)

	_, err = p.Run(context.Background(), march)
	var ee *EmployeeError
	if !errors.As(err, &ee) || ee.EmployeeID != "e3" || ee.Step != "timesheet" {
		t.Fatalf("Run error = %v, want timesheet failure for e3", err)
	}
	if !errors.Is(err, notApproved) {
		t.Errorf("Run error %v does not wrap the timesheet error", err)
	}
}
