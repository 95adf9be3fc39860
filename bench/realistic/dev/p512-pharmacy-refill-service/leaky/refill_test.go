package refill

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type planStub struct {
	paRequired map[string]bool
}

func (p planStub) Adjudicate(_ context.Context, c Claim) (Authorization, error) {
	if p.paRequired[c.NDC] {
		return Authorization{}, &DenialError{Code: RejectPriorAuth, Reason: "prior authorization required"}
	}
	return Authorization{Code: "A-" + c.NDC[:5], Copay: 1000}, nil
}

type shelf struct{}

func (shelf) Reserve(context.Context, string, int) error { return nil }

type outbox struct {
	mu       sync.Mutex
	patients []string
	faxes    chan string
}

func (o *outbox) NotifyPatient(_ context.Context, id, msg string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.patients = append(o.patients, id+": "+msg)
	return nil
}

func (o *outbox) NotifyPrescriber(_ context.Context, prescriber, msg string) (string, error) {
	o.faxes <- prescriber + ": " + msg
	return "FAX-20240508-0117", nil
}

type auditTrail struct {
	mu     sync.Mutex
	events []AuditEvent
}

func (a *auditTrail) Write(e AuditEvent) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, e)
	return nil
}

func TestRefillsWithPriorAuthorization(t *testing.T) {
	now := time.Date(2024, 5, 8, 9, 15, 0, 0, time.UTC)
	const (
		atorvastatin = "00071015523"
		semaglutide  = "00169413013"
	)
	notes := &outbox{faxes: make(chan string, 1)}
	trail := &auditTrail{}
	svc, err := New(planStub{paRequired: map[string]bool{semaglutide: true}}, shelf{}, notes,
		Config{}, WithClock(func() time.Time { return now }), WithAuditLog(trail))
	if err != nil {
		t.Fatal(err)
	}

	if err := svc.Enroll("P-88213", "XEH4471920"); err != nil {
		t.Fatal(err)
	}
	for _, rx := range []Prescription{
		{Number: "RX7720411", Drug: "atorvastatin 20mg", NDC: atorvastatin, Quantity: 90, DaysSupply: 90,
			RefillsLeft: 3, Prescriber: "Dr. A. Lindqvist", Written: now.AddDate(0, -4, 0), LastFilled: now.AddDate(0, 0, -80)},
		{Number: "RX7720587", Drug: "semaglutide 0.5mg pen", NDC: semaglutide, Quantity: 1, DaysSupply: 28,
			RefillsLeft: 5, Prescriber: "Dr. A. Lindqvist", Written: now.AddDate(0, -1, 0)},
	} {
		if err := svc.AddPrescription("P-88213", rx); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()

	receipt, err := svc.RequestRefill(ctx, Request{PatientID: "P-88213", RxNumber: "RX7720411", Channel: "app"})
	if err != nil {
		t.Fatalf("atorvastatin refill: %v", err)
	}
	if receipt.Copay != 1000 {
		t.Fatalf("copay = %d", receipt.Copay)
	}
	if _, err := svc.RequestRefill(ctx, Request{PatientID: "P-88213", RxNumber: "RX7720411", Channel: "ivr"}); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("second atorvastatin refill: got %v, want ErrTooSoon", err)
	}
	fills, err := svc.History("P-88213")
	if err != nil || len(fills) != 1 {
		t.Fatalf("history = %v, %v", fills, err)
	}

	_, err = svc.RequestRefill(ctx, Request{PatientID: "P-88213", RxNumber: "RX7720587", Channel: "app"})
	var denial *DenialError
	if !errors.As(err, &denial) || denial.Code != RejectPriorAuth {
		t.Fatalf("semaglutide refill: got %v, want prior auth denial", err)
	}
	select {
	case fax := <-notes.faxes:
		t.Logf("sent %q", fax)
	case <-time.After(2 * time.Second):
		t.Fatal("prescriber never received the prior authorization request")
	}

	svc.Close()
	trail.mu.Lock()
	logged := len(trail.events)
	trail.mu.Unlock()
	if logged != 3 {
		t.Fatalf("audit events = %d, want 3", logged)
	}

	goleak.VerifyNone(t)
}
