package bedtransfer

import (
	"context"
	"fmt"
	"strings"
	"time"
)

type step struct {
	name     string
	required bool
	applies  func(TransferRequest) bool
	run      func(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error)
}

func (c *Coordinator) plan() []step {
	return []step{
		{name: "porter", required: true, run: c.bookPorter},
		{name: "nurse-handover", required: true, run: c.pageChargeNurse},
		{
			name:     "telemetry",
			required: true,
			applies:  func(r TransferRequest) bool { return r.Patient.OnTelemetry },
			run:      c.handoverTelemetry,
		},
		{name: "ehr", run: c.recordInEHR},
		{
			name:    "environmental-services",
			applies: func(r TransferRequest) bool { return r.Patient.Isolation != "" },
			run:     c.requestTerminalClean,
		},
		{
			name:    "pharmacy",
			applies: func(r TransferRequest) bool { return len(r.Patient.ActiveMeds) > 0 },
			run:     c.notifyPharmacy,
		},
	}
}

func (c *Coordinator) bookPorter(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error) {
	job := PorterJob{
		TransferID: req.ID,
		MRN:        req.Patient.MRN,
		From:       req.FromUnit + "/" + req.FromBed,
		To:         hold.Unit + "/" + hold.Bed,
	}
	if req.Patient.OnTelemetry {
		job.Equipment = append(job.Equipment, "portable monitor")
	}
	if req.Patient.Acuity == AcuityCritical {
		job.Equipment = append(job.Equipment, "transport ventilator", "RN escort")
	}
	eta, err := c.deps.Porters.Request(ctx, job)
	if err != nil {
		return 0, fmt.Errorf("book porter: %w", err)
	}
	return eta, nil
}

func (c *Coordinator) pageChargeNurse(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error) {
	team, ok := c.cfg.ChargeNurseTeam[hold.Unit]
	if !ok {
		team = "charge-nurse-" + strings.ToLower(hold.Unit)
	}
	msg := fmt.Sprintf("Incoming %s patient %s to bed %s from %s. Reason: %s.",
		req.Patient.Acuity, req.Patient.MRN, hold.Bed, req.FromUnit, req.Reason)
	if req.Patient.Isolation != "" {
		msg += fmt.Sprintf(" Isolation: %s precautions.", req.Patient.Isolation)
	}
	return 0, c.deps.Pager.Page(ctx, team, msg)
}

func (c *Coordinator) handoverTelemetry(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error) {
	if err := c.deps.Telemetry.Handover(ctx, req.Patient.MRN, req.FromUnit, hold.Unit); err != nil {
		return 0, fmt.Errorf("telemetry handover: %w", err)
	}
	return 0, nil
}

func (c *Coordinator) recordInEHR(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error) {
	return 0, c.deps.Records.RecordTransfer(ctx, req, hold)
}

func (c *Coordinator) requestTerminalClean(ctx context.Context, req TransferRequest, _ Hold) (time.Duration, error) {
	msg := fmt.Sprintf("Terminal clean %s bed %s after discharge of %s isolation patient.",
		req.FromUnit, req.FromBed, req.Patient.Isolation)
	return 0, c.deps.Pager.Page(ctx, "environmental-services", msg)
}

func (c *Coordinator) notifyPharmacy(ctx context.Context, req TransferRequest, hold Hold) (time.Duration, error) {
	msg := fmt.Sprintf("Re-route %d active orders for %s to %s.",
		len(req.Patient.ActiveMeds), req.Patient.MRN, hold.Unit)
	return 0, c.deps.Pager.Page(ctx, "pharmacy", msg)
}
