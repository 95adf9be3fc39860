package quayside

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errTwistlock = errors.New("spreader twistlock did not confirm locked")

type fakeDriver struct {
	mu       sync.Mutex
	inFlight int
	peak     int
	stuck    map[string]bool
}

func (d *fakeDriver) Lift(ctx context.Context, craneID string, c Container) error {
	d.mu.Lock()
	d.inFlight++
	if d.inFlight > d.peak {
		d.peak = d.inFlight
	}
	stuck := d.stuck[c.ID]
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.inFlight--
		d.mu.Unlock()
	}()

	select {
	case <-time.After(time.Duration(3+c.Tier%4) * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	if stuck {
		return errTwistlock
	}
	return nil
}

type memLedger struct {
	mu      sync.Mutex
	results []MoveResult
}

func (l *memLedger) Record(r MoveResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.results = append(l.results, r)
}

func dischargePlan() []Container {
	var plan []Container
	for bay := 1; bay <= 5; bay += 2 {
		for tier := 82; tier <= 88; tier += 2 {
			plan = append(plan, Container{
				ID:      fmt.Sprintf("MSCU%02d%02d%03d", bay, tier, len(plan)),
				ISOType: "45G1",
				GrossKg: 18000 + float64(tier*37),
				Bay:     bay,
				Row:     2,
				Tier:    tier,
			})
		}
	}
	plan[5].GrossKg = 71000 // misdeclared weight, caught by the VGM check
	return plan
}

func TestVesselDischargeOnThreeCranes(t *testing.T) {
	defer goleak.VerifyNone(t)

	plan := dischargePlan()
	driver := &fakeDriver{stuck: map[string]bool{plan[9].ID: true}}
	ledger := &memLedger{}
	var logs strings.Builder
	term, err := NewTerminal(Config{
		Cranes: []Crane{
			{ID: "STS-04", SafeWorkingLoadKg: 65000},
			{ID: "STS-05", SafeWorkingLoadKg: 65000},
			{ID: "STS-06", SafeWorkingLoadKg: 65000},
		},
		Driver:      driver,
		Ledger:      ledger,
		LiftTimeout: time.Second,
		Logger:      log.New(&logs, "berth3 ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	started, err := term.Discharge(ctx, "MSC AURORA", plan)
	if err != nil {
		t.Fatalf("discharge: %v", err)
	}
	if started != len(plan)-1 {
		t.Fatalf("started %d moves, want %d", started, len(plan)-1)
	}

	shutdownCtx, cancelShutdown := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancelShutdown()
	err = term.Shutdown(shutdownCtx)
	if !errors.Is(err, errTwistlock) {
		t.Errorf("shutdown: got %v, want the twistlock failure", err)
	}
	if _, err := term.Discharge(ctx, "MSC AURORA", plan[:1]); !errors.Is(err, ErrClosed) {
		t.Errorf("discharge after shutdown: %v", err)
	}

	ledger.mu.Lock()
	recorded := len(ledger.results)
	var refused, failed int
	for _, r := range ledger.results {
		switch {
		case errors.Is(r.Err, ErrOverweight):
			refused++
		case r.Err != nil:
			failed++
		}
	}
	ledger.mu.Unlock()
	if recorded != len(plan) || refused != 1 || failed != 1 {
		t.Errorf("ledger: %d records, %d refused, %d failed", recorded, refused, failed)
	}

	total := 0
	for _, n := range term.Moves() {
		total += n
	}
	if total != len(plan)-2 {
		t.Errorf("completed moves = %d, want %d", total, len(plan)-2)
	}
	if driver.peak > 3 {
		t.Errorf("%d lifts ran at once on three cranes", driver.peak)
	}
	t.Logf("berth log:\n%s", logs.String())
}
