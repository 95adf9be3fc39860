// Package payroll computes pay runs: for every active employee in a pay
// period it fetches worked time, computes gross pay, withholding and net pay,
// posts the payslip to the ledger and keeps an audit trail of the run.
package payroll

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Money is an amount in cents.
type Money int64

func (m Money) String() string { return fmt.Sprintf("%d.%02d", m/100, m%100) }

// Employee is a person on the payroll.
type Employee struct {
	ID       string
	Name     string
	Hourly   Money // rate per hour for hourly staff
	Salary   Money // per pay period for salaried staff; used when Hourly is 0
	TaxClass string
}

// PayPeriod is the span of time a pay run covers.
type PayPeriod struct {
	ID         string
	Start, End time.Time
}

// Payslip is the outcome of paying one employee for one period.
type Payslip struct {
	RunID      string
	EmployeeID string
	PeriodID   string
	Minutes    int64
	Gross      Money
	Withheld   Money
	Net        Money
}

// Directory lists the employees to pay.
type Directory interface {
	ActiveEmployees(ctx context.Context, p PayPeriod) ([]Employee, error)
}

// Timesheets reports minutes worked.
type Timesheets interface {
	MinutesWorked(ctx context.Context, employeeID string, p PayPeriod) (int64, error)
}

// Ledger records payslips. Post must be idempotent on
// (RunID, EmployeeID) because the processor retries it.
type Ledger interface {
	Post(ctx context.Context, s Payslip) error
}

// AuditSink durably stores audit events.
type AuditSink interface {
	Append(ctx context.Context, events []AuditEvent) error
}

// Clock abstracts time for backoff and timestamps.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

var (
	// ErrTransient marks failures worth retrying. Dependencies wrap it.
	ErrTransient = errors.New("payroll: transient failure")
	// ErrUnknownTaxClass is returned for employees whose tax class has no rate.
	ErrUnknownTaxClass = errors.New("payroll: unknown tax class")
)

// EmployeeError reports why one employee could not be paid.
type EmployeeError struct {
	EmployeeID string
	Step       string
	Err        error
}

func (e *EmployeeError) Error() string {
	return fmt.Sprintf("payroll: employee %s: %s: %v", e.EmployeeID, e.Step, e.Err)
}

func (e *EmployeeError) Unwrap() error { return e.Err }
