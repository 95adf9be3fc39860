package payroll

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Processor.
type Config struct {
	Directory  Directory
	Timesheets Timesheets
	Ledger     Ledger
	Audit      AuditSink
	Clock      Clock // defaults to the system clock

	// TaxRates maps a tax class to a withholding rate in basis points.
	TaxRates map[string]int64

	Workers     int           // concurrent employees, default 4
	MaxAttempts int           // per dependency call, default 3
	Backoff     time.Duration // first retry delay, doubled per attempt, default 200ms

	// FailFast aborts the whole run as soon as one employee cannot be paid,
	// instead of paying everybody else and reporting the failures.
	FailFast bool
}

// Processor runs payroll batches.
type Processor struct {
	cfg Config
}

// Report summarises a pay run.
type Report struct {
	RunID    string
	Payslips []Payslip
	Failed   []*EmployeeError
	Total    Money
}

// NewProcessor validates cfg and returns a Processor.
func NewProcessor(cfg Config) (*Processor, error) {
	if cfg.Directory == nil || cfg.Timesheets == nil || cfg.Ledger == nil || cfg.Audit == nil {
		return nil, errors.New("payroll: config: directory, timesheets, ledger and audit are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 200 * time.Millisecond
	}
	return &Processor{cfg: cfg}, nil
}

type outcome struct {
	slip Payslip
	err  *EmployeeError
}

// Run pays every active employee for period.
func (p *Processor) Run(ctx context.Context, period PayPeriod) (*Report, error) {
	runID := fmt.Sprintf("%s-%d", period.ID, p.cfg.Clock.Now().Unix())
	trail := newAuditTrail(p.cfg.Audit, p.cfg.Clock, runID)
	trail.record("run.started", "", period.ID)

	employees, err := p.cfg.Directory.ActiveEmployees(ctx, period)
	if err != nil {
		trail.record("run.failed", "", err.Error())
		_ = trail.Close()
		return nil, fmt.Errorf("payroll: run %s: list employees: %w", runID, err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Employee, len(employees))
	for _, e := range employees {
		jobs <- e
	}
	close(jobs)

	results := make(chan outcome)
	var wg sync.WaitGroup
	for i := 0; i < p.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range jobs {
				slip, err := p.pay(ctx, runID, period, e)
				select {
				case results <- outcome{slip: slip, err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	report := &Report{RunID: runID}
	var abort *EmployeeError
	for o := range results {
		if o.err != nil {
			report.Failed = append(report.Failed, o.err)
			trail.record("employee.failed", o.err.EmployeeID, o.err.Error())
			if p.cfg.FailFast && abort == nil {
				abort = o.err
				cancel()
			}
			continue
		}
		report.Payslips = append(report.Payslips, o.slip)
		report.Total += o.slip.Net
		trail.record("payslip.posted", o.slip.EmployeeID, o.slip.Net.String())
	}

	if abort != nil {
		trail.record("run.aborted", abort.EmployeeID, abort.Error())
		_ = trail.Close()
		return report, fmt.Errorf("payroll: run %s aborted: %w", runID, abort)
	}

	trail.record("run.completed", "", fmt.Sprintf("paid=%d failed=%d", len(report.Payslips), len(report.Failed)))
	if err := trail.Close(); err != nil {
		return report, fmt.Errorf("payroll: run %s: %w", runID, err)
	}
	return report, nil
}

// pay computes and posts one employee's payslip.
func (p *Processor) pay(ctx context.Context, runID string, period PayPeriod, e Employee) (Payslip, *EmployeeError) {
	rate, ok := p.cfg.TaxRates[e.TaxClass]
	if !ok {
		err := fmt.Errorf("class %q: %w", e.TaxClass, ErrUnknownTaxClass)
		return Payslip{}, &EmployeeError{EmployeeID: e.ID, Step: "tax", Err: err}
	}

	var minutes int64
	err := p.retry(ctx, func() error {
		var err error
		minutes, err = p.cfg.Timesheets.MinutesWorked(ctx, e.ID, period)
		return err
	})
	if err != nil {
		return Payslip{}, &EmployeeError{EmployeeID: e.ID, Step: "timesheet", Err: err}
	}

	gross := e.Salary
	if e.Hourly > 0 {
		gross = Money(int64(e.Hourly) * minutes / 60)
	}
	withheld := Money(int64(gross) * rate / 10000)
	slip := Payslip{
		RunID:      runID,
		EmployeeID: e.ID,
		PeriodID:   period.ID,
		Minutes:    minutes,
		Gross:      gross,
		Withheld:   withheld,
		Net:        gross - withheld,
	}

	if err := p.retry(ctx, func() error { return p.cfg.Ledger.Post(ctx, slip) }); err != nil {
		return Payslip{}, &EmployeeError{EmployeeID: e.ID, Step: "ledger", Err: err}
	}
	return slip, nil
}

// retry calls op until it succeeds, fails permanently or runs out of
// attempts, backing off exponentially between transient failures.
func (p *Processor) retry(ctx context.Context, op func() error) error {
	delay := p.cfg.Backoff
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrTransient) {
			return err
		}
		if attempt >= p.cfg.MaxAttempts {
			return fmt.Errorf("giving up after %d attempts: %w", attempt, err)
		}
		select {
		case <-p.cfg.Clock.After(delay):
		case <-ctx.Done():
			return fmt.Errorf("retry interrupted: %w", ctx.Err())
		}
		delay *= 2
	}
}
