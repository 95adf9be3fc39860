package permits

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// liaisonReviewer stands in for the neighbour liaison officer, who signs a
// review off by hand some time after it is requested.
type liaisonReviewer struct {
	signoff chan struct{}
}

func (l *liaisonReviewer) Name() string { return "neighbour-liaison" }

func (l *liaisonReviewer) Review(ctx context.Context, id string, app Application) (Finding, error) {
	select {
	case <-l.signoff:
		return Finding{OK: true, Note: "residents on " + app.Site + " notified 24h ahead"}, nil
	case <-ctx.Done():
		return Finding{}, ctx.Err()
	}
}

func newTestDesk(t *testing.T, decisions chan<- Decision) (*Desk, *liaisonReviewer) {
	t.Helper()
	liaison := &liaisonReviewer{signoff: make(chan struct{})}
	d, err := NewDesk(Config{
		Limits: SiteLimits{MaxInstantaneousKg: 120, MaxTotalKg: 2400, WindowStart: 10, WindowEnd: 16},
		Reviewers: []Reviewer{
			VibrationReviewer{K: 1140, B: 1.6, LimitMMS: 10},
			liaison,
		},
		OnDecision: func(dec Decision) { decisions <- dec },
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, liaison
}

func shotPlan() Application {
	return Application{
		Site:            "HLQ",
		Bench:           "B4-east",
		Shotfirer:       "R. Okafor",
		Holes:           24,
		HolesPerDelay:   2,
		ChargePerHoleKg: 45,
		NearestBuilding: 480,
		PlannedAt:       time.Date(2024, 6, 12, 13, 30, 0, 0, time.UTC), // Wednesday
	}
}

func TestAmendedPlanIsApproved(t *testing.T) {
	defer goleak.VerifyNone(t)
	decisions := make(chan Decision, 4)
	desk, liaison := newTestDesk(t, decisions)

	id, err := desk.Submit(context.Background(), shotPlan())
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := desk.Amend(context.Background(), id, Amendment{ChargePerHoleKg: 38}); err != nil {
		t.Fatalf("Amend: %v", err)
	}
	close(liaison.signoff)

	select {
	case dec := <-decisions:
		if dec.Revision != 2 || dec.Status != StatusApproved {
			t.Fatalf("decision = %+v", dec)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no decision")
	}
	p, _ := desk.Permit(id)
	if p.App.ChargePerHoleKg != 38 || p.Status != StatusApproved {
		t.Fatalf("permit = %+v", p)
	}
}

func TestAmendOverChargeLimitIsRefused(t *testing.T) {
	decisions := make(chan Decision, 4)
	desk, liaison := newTestDesk(t, decisions)

	id, err := desk.Submit(context.Background(), shotPlan())
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}

	// Shotfirer tries to go to three holes per delay on the same charge.
	err = desk.Amend(context.Background(), id, Amendment{HolesPerDelay: 3})
	if !errors.Is(err, ErrChargeLimit) {
		t.Fatalf("Amend error = %v, want ErrChargeLimit", err)
	}

	// Liaison signs off the original plan.
	close(liaison.signoff)

	goleak.VerifyNone(t)
}
