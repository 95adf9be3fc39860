package matching

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var epoch = time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)

type staticWaitlist []Recipient

func (w staticWaitlist) Candidates(ctx context.Context, organ OrganKind) ([]Recipient, error) {
	var out []Recipient
	for _, r := range w {
		if r.Organ == organ {
			out = append(out, r)
		}
	}
	return out, nil
}

// fakeLab reports a positive crossmatch for the listed donor/recipient pairs.
type fakeLab struct {
	mu       sync.Mutex
	positive map[[2]string]bool
	calls    int
}

func (l *fakeLab) Crossmatch(ctx context.Context, d Donor, r Recipient) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	return l.positive[[2]string{d.ID, r.ID}], nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAllocateAndShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	hla := func(a1, a2, b1, b2, dr1, dr2 string) HLA {
		return HLA{A: [2]string{a1, a2}, B: [2]string{b1, b2}, DR: [2]string{dr1, dr2}}
	}
	waitlist := staticWaitlist{
		{ID: "R-100", Organ: Kidney, Blood: A, HLA: hla("A1", "A2", "B8", "B44", "DR3", "DR4"), Age: 52, Listed: epoch.AddDate(-4, 0, 0)},
		{ID: "R-101", Organ: Kidney, Blood: O, HLA: hla("A1", "A3", "B7", "B8", "DR15", "DR3"), Age: 34, Listed: epoch.AddDate(-6, 0, 0)},
		{ID: "R-102", Organ: Kidney, Blood: B, HLA: hla("A2", "A24", "B35", "B51", "DR1", "DR11"), Age: 12, Listed: epoch.AddDate(-1, 0, 0)},
		{ID: "R-200", Organ: Liver, Blood: AB, HLA: hla("A2", "A11", "B7", "B62", "DR4", "DR7"), Age: 61, Listed: epoch.AddDate(0, -3, 0), Urgent: true},
		{ID: "R-201", Organ: Liver, Blood: O, HLA: hla("A1", "A2", "B8", "B57", "DR3", "DR7"), Age: 45, Listed: epoch.AddDate(-2, 0, 0), Suspended: true},
	}
	lab := &fakeLab{positive: map[[2]string]bool{{"D-7", "R-101"}: true}}

	results := make(chan Result, 8)
	m := NewMatcher(waitlist, lab,
		WithWorkers(3),
		WithClock(func() time.Time { return epoch }),
		WithResults(func(r Result) { results <- r }),
	)

	donor := Donor{ID: "D-7", Blood: O, HLA: hla("A1", "A2", "B8", "B7", "DR3", "DR15"), Age: 29}
	offers := []Offer{
		{ID: "D-7/kidney-L", Donor: donor, Organ: Kidney, Expires: epoch.Add(30 * time.Hour)},
		{ID: "D-7/liver", Donor: donor, Organ: Liver, Expires: epoch.Add(10 * time.Hour)},
	}
	for _, o := range offers {
		if err := m.Submit(o); err != nil {
			t.Fatal(err)
		}
	}

	got := map[string]string{}
	for range offers {
		select {
		case r := <-results:
			if r.Err != nil {
				t.Errorf("%s", r)
			}
			got[r.OfferID] = r.Recipient
		case <-time.After(2 * time.Second):
			t.Fatal("timed out waiting for allocation results")
		}
	}
	if got["D-7/kidney-L"] != "R-100" {
		t.Errorf("kidney went to %q, want R-100 (R-101 crossmatch positive)", got["D-7/kidney-L"])
	}
	if got["D-7/liver"] != "R-200" {
		t.Errorf("liver went to %q, want R-200", got["D-7/liver"])
	}

	// All workers are back waiting for offers before the matcher is stopped.
	waitFor(t, "idle workers", func() bool { return m.IdleWorkers() == 3 })

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := m.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := m.Submit(offers[0]); err != ErrShutdown {
		t.Errorf("Submit after shutdown: got %v, want ErrShutdown", err)
	}
}
