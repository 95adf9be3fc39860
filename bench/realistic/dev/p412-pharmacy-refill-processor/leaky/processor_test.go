package refill

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

type fakeInsurer struct{ plans map[string]Coverage }

func (f *fakeInsurer) CheckEligibility(ctx context.Context, memberID, ndc string, qty, days int) (Coverage, error) {
	cov, ok := f.plans[memberID]
	if !ok {
		return Coverage{}, errors.New("member not found")
	}
	return cov, nil
}

type fakeWorkstation struct{ delivered chan Task }

func (w *fakeWorkstation) Deliver(ctx context.Context, pharmacistID string, t Task) error {
	w.delivered <- t
	return nil
}

type fakeNotifier struct {
	mu   sync.Mutex
	sent map[string][]MessageKind
}

func (n *fakeNotifier) Notify(ctx context.Context, patientID string, m Message) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.sent == nil {
		n.sent = make(map[string][]MessageKind)
	}
	n.sent[patientID] = append(n.sent[patientID], m.Kind)
	return nil
}

func TestRefillsAcrossShiftChange(t *testing.T) {
	defer goleak.VerifyNone(t)

	ws := &fakeWorkstation{delivered: make(chan Task, 8)}
	notifier := &fakeNotifier{}
	p, err := New(Config{
		Insurer: &fakeInsurer{plans: map[string]Coverage{
			"MBR-1001": {Covered: true, CopayCents: 1000},
			"MBR-2002": {Covered: false, Reason: "plan terminated"},
		}},
		Workstation: ws,
		Notifier:    notifier,
		Clock:       fixedClock{t: time.Date(2024, 2, 12, 9, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"rph-alvarez", "rph-chen"} {
		if err := p.StartShift(id); err != nil {
			t.Fatal(err)
		}
	}

	ctx := context.Background()
	covered := Refill{RxNumber: "RX7781234", PatientID: "PT-1", MemberID: "MBR-1001", NDC: "00093505601", Quantity: 30, DaysSupply: 30}

	task, err := p.Submit(ctx, covered)
	if err != nil {
		t.Fatalf("Submit(covered) error = %v", err)
	}
	if task.Pharmacist != "rph-alvarez" {
		t.Fatalf("task routed to %q, want rph-alvarez", task.Pharmacist)
	}
	<-ws.delivered

	rejected := covered
	rejected.RxNumber, rejected.PatientID, rejected.MemberID = "RX7785555", "PT-2", "MBR-2002"
	if _, err := p.Submit(ctx, rejected); !errors.Is(err, ErrNotCovered) {
		t.Fatalf("Submit(rejected) error = %v, want ErrNotCovered", err)
	}

	// Alvarez signs off; the next refill goes to Chen.
	if err := p.EndShift("rph-alvarez"); err != nil {
		t.Fatalf("EndShift() error = %v", err)
	}
	covered.RxNumber = "RX7789999"
	task, err = p.Submit(ctx, covered)
	if err != nil {
		t.Fatalf("Submit(after shift change) error = %v", err)
	}
	if task.Pharmacist != "rph-chen" {
		t.Fatalf("task routed to %q, want rph-chen", task.Pharmacist)
	}
	<-ws.delivered

	p.Close()

	notifier.mu.Lock()
	defer notifier.mu.Unlock()
	if got := notifier.sent["PT-2"]; len(got) != 1 || got[0] != MsgNotCovered {
		t.Fatalf("notifications to PT-2 = %v, want [not-covered]", got)
	}
	// Chen's queue was drained by Close, so at least that refill's
	// in-review message has gone out.
	if got := notifier.sent["PT-1"]; len(got) == 0 || got[len(got)-1] != MsgInReview {
		t.Fatalf("notifications to PT-1 = %v, want in-review", got)
	}
}
