package huts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errDeclined = errors.New("card declined")

type fakePayments struct {
	mu     sync.Mutex
	n      int
	voided []string
}

func (p *fakePayments) Authorize(ctx context.Context, email string, cents int64) (string, error) {
	if strings.HasPrefix(email, "declined") {
		return "", errDeclined
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return fmt.Sprintf("auth-%d", p.n), nil
}

func (p *fakePayments) Void(ctx context.Context, authID string) error {
	p.mu.Lock()
	p.voided = append(p.voided, authID)
	p.mu.Unlock()
	return nil
}

type fakePortal struct {
	mu     sync.Mutex
	count  int
	latest map[string]Availability
}

func (p *fakePortal) Publish(ctx context.Context, a Availability) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.latest == nil {
		p.latest = make(map[string]Availability)
	}
	p.latest[a.HutID] = a
	p.count++
	return nil
}

func (p *fakePortal) state() (int, map[string]Availability) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]Availability, len(p.latest))
	for k, v := range p.latest {
		out[k] = v
	}
	return p.count, out
}

func TestBookingSeason(t *testing.T) {
	defer goleak.VerifyNone(t)

	today := time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)
	night := today.AddDate(0, 0, 2)
	payments := &fakePayments{}
	portal := &fakePortal{}
	svc, err := New([]HutInfo{
		{ID: "regina", Name: "Capanna Regina", Beds: 30, DepositBeds: 2000},
		{ID: "alto", Name: "Rifugio Alto", Beds: 12, DepositBeds: 2500},
	}, payments, portal, Options{
		PublishInterval: 5 * time.Millisecond,
		Horizon:         7,
		ShutdownTimeout: 200 * time.Millisecond,
		Now:             func() time.Time { return today },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	b1, err := svc.Reserve(ctx, Request{HutID: "alto", Night: night, Guests: 4, Email: "anna@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if b1.Deposit != 10000 {
		t.Errorf("deposit = %d, want 10000", b1.Deposit)
	}
	if _, err := svc.Reserve(ctx, Request{HutID: "alto", Night: night, Guests: 10, Email: "club@example.org"}); !errors.Is(err, ErrFull) {
		t.Errorf("oversized group: got %v, want ErrFull", err)
	}
	b2, err := svc.Reserve(ctx, Request{HutID: "regina", Night: night, Guests: 2, Email: "marco@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Cancel(ctx, "regina", b2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reserve(ctx, Request{HutID: "nowhere", Night: night, Guests: 2, Email: "a@example.org"}); !errors.Is(err, ErrUnknownHut) {
		t.Errorf("unknown hut: got %v", err)
	}

	_, err = svc.Reserve(ctx, Request{HutID: "alto", Night: night, Guests: 6, Email: "declined@example.org"})
	if !errors.Is(err, errDeclined) {
		t.Fatalf("declined card: got %v", err)
	}

	before, _ := portal.state()
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		n, _ := portal.state()
		if n >= before+4 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("portal not updated after the declined booking (%d publishes)", n-before)
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	_, latest := portal.state()
	if got := latest["alto"].Free[nightKey(night)]; got != 8 {
		t.Errorf("portal shows %d free beds at alto, want 8", got)
	}
	if got := latest["regina"].Free[nightKey(night)]; got != 30 {
		t.Errorf("portal shows %d free beds at regina, want 30", got)
	}

	if err := svc.Close(); err != nil {
		t.Error(err)
	}
}
