package tokenpayout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// scriptedHopper jams on the eject calls listed in jamOn (1-based).
type scriptedHopper struct {
	mu    sync.Mutex
	calls int
	jamOn map[int]bool
}

func (h *scriptedHopper) Eject(ctx context.Context, n int) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	if h.jamOn[h.calls] {
		if n > 3 {
			return 3, ErrJam
		}
		return 0, ErrJam
	}
	return n, nil
}

func (h *scriptedHopper) ClearJam(context.Context) error { return nil }

type cards struct {
	mu      sync.Mutex
	balance map[string]int
}

func (c *cards) Debit(_ context.Context, card string, tickets int, ref string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.balance[card] < tickets {
		return fmt.Errorf("card %s: balance %d < %d (%s)", card, c.balance[card], tickets, ref)
	}
	c.balance[card] -= tickets
	return nil
}

func (c *cards) Credit(_ context.Context, card string, tickets int, _, _ string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.balance[card] += tickets
	return nil
}

type pager struct {
	mu   sync.Mutex
	msgs []string
	out  chan struct{}
}

func (p *pager) Alert(_ context.Context, kiosk, msg string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msgs = append(p.msgs, kiosk+": "+msg)
	select {
	case p.out <- struct{}{}:
	default:
	}
	return nil
}

func TestKioskGoesOutOfServiceAfterRepeatedJams(t *testing.T) {
	defer goleak.VerifyNone(t)

	logger := log.New(io.Discard, "", 0)
	hopper := &scriptedHopper{jamOn: map[int]bool{2: true, 3: true}}
	alerts := &pager{out: make(chan struct{}, 1)}
	m, err := NewMachine(MachineConfig{Kiosk: "prize-counter-2", Capacity: 400, MaxJams: 2}, hopper, alerts, logger)
	if err != nil {
		t.Fatal(err)
	}
	ledger := &cards{balance: map[string]int{"P-100": 1200, "P-101": 640, "P-102": 300, "P-103": 95}}

	results := make(chan Result, 8)
	svc, err := NewService(m, ledger, Config{
		Workers: 2,
		Rates: Rates{
			TicketsPerToken: 10,
			BonusPercent:    map[Tier]int{TierSilver: 10, TierGold: 25},
			MaxTokens:       100,
		},
		OnResult: func(r Result) { results <- r },
		Logger:   logger,
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}

	now := time.Date(2024, 8, 3, 15, 4, 0, 0, time.UTC)
	reds := []Redemption{
		{ID: "R1", CardID: "P-100", Tickets: 1200, Tier: TierGold, At: now},
		{ID: "R2", CardID: "P-101", Tickets: 640, Tier: TierSilver, At: now.Add(time.Minute)},
		{ID: "R3", CardID: "P-102", Tickets: 300, At: now.Add(2 * time.Minute)},
		{ID: "R4", CardID: "P-103", Tickets: 95, At: now.Add(3 * time.Minute)},
	}
	for _, r := range reds {
		if err := svc.Submit(ctx, r); err != nil {
			t.Fatalf("submit %s: %v", r.ID, err)
		}
		time.Sleep(5 * time.Millisecond)
	}

	select {
	case <-alerts.out:
	case <-time.After(2 * time.Second):
		t.Fatal("attendant was never alerted")
	}

	var got []Result
	timeout := time.After(300 * time.Millisecond)
collect:
	for len(got) < len(reds) {
		select {
		case r := <-results:
			got = append(got, r)
		case <-timeout:
			break collect
		}
	}

	var paid, outOfService int
	for _, r := range got {
		switch {
		case r.Err == nil:
			paid++
			if r.Paid != r.Tokens {
				t.Errorf("%s: paid %d of %d tokens without error", r.Redemption.ID, r.Paid, r.Tokens)
			}
		case errors.Is(r.Err, ErrOutOfService):
			outOfService++
		}
	}
	if paid == 0 || outOfService == 0 {
		t.Fatalf("want at least one paid and one refused redemption, got %+v", got)
	}

	ledger.mu.Lock()
	if ledger.balance["P-101"] == 0 {
		t.Errorf("P-101 should have been credited for the short payout")
	}
	ledger.mu.Unlock()

	closeCtx, cancelClose := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancelClose()
	if err := svc.Close(closeCtx); err != nil {
		t.Logf("close: %v", err)
	}
}
