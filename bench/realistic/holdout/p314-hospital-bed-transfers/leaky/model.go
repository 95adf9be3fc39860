package bedtransfer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Acuity is the level of nursing care a patient needs.
type Acuity int

const (
	AcuityGeneral Acuity = iota + 1
	AcuityStepDown
	AcuityCritical
)

func (a Acuity) String() string {
	switch a {
	case AcuityGeneral:
		return "general"
	case AcuityStepDown:
		return "step-down"
	case AcuityCritical:
		return "critical"
	}
	return fmt.Sprintf("acuity(%d)", int(a))
}

// Patient holds what the coordinator needs to know about the person moving.
type Patient struct {
	MRN         string
	Name        string
	Acuity      Acuity
	OnTelemetry bool
	Isolation   string // e.g. "contact", "droplet"; empty if none
	ActiveMeds  []string
}

// TransferRequest asks for a patient to be moved from one unit to another.
type TransferRequest struct {
	ID        string
	Patient   Patient
	FromUnit  string
	FromBed   string
	ToUnit    string
	Reason    string
	Requested time.Time
}

// Validate checks the request before any resources are touched.
func (r TransferRequest) Validate() error {
	var missing []string
	if r.ID == "" {
		missing = append(missing, "id")
	}
	if r.Patient.MRN == "" {
		missing = append(missing, "patient MRN")
	}
	if r.FromUnit == "" || r.FromBed == "" {
		missing = append(missing, "origin")
	}
	if r.ToUnit == "" {
		missing = append(missing, "destination unit")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: missing %s", ErrInvalidRequest, strings.Join(missing, ", "))
	}
	if r.FromUnit == r.ToUnit {
		return fmt.Errorf("%w: origin and destination are both %s", ErrInvalidRequest, r.ToUnit)
	}
	if r.Patient.Acuity < AcuityGeneral || r.Patient.Acuity > AcuityCritical {
		return fmt.Errorf("%w: unknown acuity %d", ErrInvalidRequest, r.Patient.Acuity)
	}
	return nil
}

// Hold is a temporary reservation of a bed on the destination unit.
type Hold struct {
	ID      string
	Unit    string
	Bed     string
	Expires time.Time
}

// PorterJob asks the transport team to move a patient.
type PorterJob struct {
	TransferID string
	MRN        string
	From       string
	To         string
	Equipment  []string
}

// Result is returned when a transfer is confirmed.
type Result struct {
	TransferID string
	Unit       string
	Bed        string
	PorterETA  time.Duration
	Took       time.Duration
}

// BedRegistry is the hospital's bed management system.
type BedRegistry interface {
	Hold(ctx context.Context, unit string, acuity Acuity) (Hold, error)
	Confirm(ctx context.Context, hold Hold, mrn string) error
	Release(ctx context.Context, hold Hold) error
}

// Pager sends messages to clinical staff and support services.
type Pager interface {
	Page(ctx context.Context, team, message string) error
}

// PorterDispatch books patient transport.
type PorterDispatch interface {
	Request(ctx context.Context, job PorterJob) (eta time.Duration, err error)
}

// TelemetryHub moves cardiac monitoring between central stations.
type TelemetryHub interface {
	Handover(ctx context.Context, mrn, fromUnit, toUnit string) error
}

// RecordSystem is the electronic health record.
type RecordSystem interface {
	RecordTransfer(ctx context.Context, req TransferRequest, hold Hold) error
}

var (
	ErrInvalidRequest = errors.New("bedtransfer: invalid request")
	ErrNoBed          = errors.New("bedtransfer: no bed available")
)
