package dispatch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errGaugeOffline = errors.New("tide gauge BH-2 offline")

// harbourTides models a semidiurnal harbour: 11.5m over the fairway at low
// water, 17m at high water, high water at 02:10 and 14:35.
type harbourTides struct {
	mu      sync.Mutex
	offline bool
	calls   int
}

func (h *harbourTides) setOffline(v bool) {
	h.mu.Lock()
	h.offline = v
	h.mu.Unlock()
}

func (h *harbourTides) Window(ctx context.Context, depth float64, t time.Time) (Window, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return Window{}, ctx.Err()
	}
	h.mu.Lock()
	h.calls++
	offline := h.offline
	h.mu.Unlock()
	if depth <= 11.5 {
		return Window{Open: t, Close: t.Add(24 * time.Hour)}, nil
	}
	if offline {
		return Window{}, errGaugeOffline
	}
	if depth > 17 {
		return Window{Open: t.Add(48 * time.Hour), Close: t.Add(48 * time.Hour)}, nil
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for _, hw := range []time.Time{
		day.Add(2*time.Hour + 10*time.Minute),
		day.Add(14*time.Hour + 35*time.Minute),
		day.Add(26*time.Hour + 10*time.Minute),
	} {
		w := Window{Open: hw.Add(-2 * time.Hour), Close: hw.Add(2 * time.Hour)}
		if w.Close.After(t) {
			return w, nil
		}
	}
	return Window{}, fmt.Errorf("no prediction after %s", t)
}

func shift(day time.Time) []Movement {
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	return []Movement{
		{ID: "M01", Kind: Inbound, Berth: "C4", ETA: at(6, 0), Vessel: Vessel{Name: "Nordic Fjell", LOA: 142, Draft: 7.8}},
		{ID: "M02", Kind: Inbound, Berth: "T1", ETA: at(9, 30), Vessel: Vessel{Name: "Golar Spirit", LOA: 289, Draft: 11.9, Hazardous: true}},
		{ID: "M03", Kind: Outbound, Berth: "C2", ETA: at(7, 15), Vessel: Vessel{Name: "Maersk Kolkata", LOA: 294, Draft: 13.5}},
		{ID: "M04", Kind: Shift, Berth: "B7", ETA: at(8, 0), Vessel: Vessel{Name: "Arklow Rose", LOA: 88, Draft: 5.2}},
		{ID: "M05", Kind: Inbound, Berth: "C1", ETA: at(10, 45), Vessel: Vessel{Name: "CMA CGM Tage", LOA: 366, Draft: 15.8}},
		{ID: "M06", Kind: Outbound, Berth: "B2", ETA: at(11, 0), Vessel: Vessel{Name: "Stena Nautica", LOA: 183, Draft: 6.4}},
		{ID: "M07", Kind: Inbound, Berth: "D1", ETA: at(12, 20), Vessel: Vessel{Name: "Ever Atop", LOA: 400, Draft: 16.5}},
		{ID: "M08", Kind: Outbound, Berth: "B5", ETA: at(13, 0), Vessel: Vessel{Name: "Wilson Grip", LOA: 90, Draft: 5.9}},
		{ID: "M09", Kind: Inbound, Berth: "C3", ETA: at(14, 0), Vessel: Vessel{Name: "Atlantic Sail", LOA: 296, Draft: 11.0}},
		{ID: "M10", Kind: Outbound, Berth: "B1", ETA: at(15, 10), Vessel: Vessel{Name: "Bore Song", LOA: 138, Draft: 7.1}},
	}
}

func roster(day time.Time) []Pilot {
	on, off := day.Add(4*time.Hour), day.Add(22*time.Hour)
	return []Pilot{
		{Name: "Halvorsen", Grade: GradeUnlimited, Hazmat: true, OnDuty: on, OffDuty: off},
		{Name: "Okafor", Grade: GradeUnlimited, OnDuty: on, OffDuty: off},
		{Name: "Brennan", Grade: GradeA, OnDuty: on, OffDuty: off},
		{Name: "Moreau", Grade: GradeA, OnDuty: day.Add(12 * time.Hour), OffDuty: off},
		{Name: "Duarte", Grade: GradeB, OnDuty: on, OffDuty: off},
		{Name: "Lindqvist", Grade: GradeC, OnDuty: on, OffDuty: off},
	}
}

func TestPlanShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)
	tides := &harbourTides{}
	var logs bytes.Buffer
	d, err := New(tides, roster(day),
		WithWorkers(4),
		WithUKC(1.0),
		WithMaxTideWait(6*time.Hour),
		WithPlanTimeout(2*time.Second),
		WithLogger(log.New(&logs, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	sched, err := d.Plan(ctx, shift(day))
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	byMove := map[string]Assignment{}
	for _, a := range sched.Assignments {
		byMove[a.Movement.ID] = a
	}
	if got := byMove["M02"].Pilot; got != "Halvorsen" {
		t.Errorf("gas carrier Golar Spirit assigned to %q, want the hazmat-endorsed pilot", got)
	}
	if a, ok := byMove["M05"]; !ok || !a.Board.After(a.Movement.ETA) {
		t.Errorf("CMA CGM Tage should wait for the afternoon high water, got %+v", a)
	}
	var unassigned []string
	for _, m := range sched.Unassigned {
		unassigned = append(unassigned, m.ID)
	}
	if fmt.Sprint(unassigned) != "[M07]" {
		t.Errorf("unassigned = %v, want [M07]; log:\n%s", unassigned, logs.String())
	}
	if len(sched.Assignments) != 9 {
		t.Errorf("assignments = %d, want 9", len(sched.Assignments))
	}

	tides.setOffline(true)
	moves := shift(day.Add(24 * time.Hour))
	moves[1], moves[2] = moves[2], moves[1]
	if _, err := d.Plan(ctx, moves); !errors.Is(err, errGaugeOffline) {
		t.Errorf("plan with gauge offline: err = %v, want %v", err, errGaugeOffline)
	}
}
