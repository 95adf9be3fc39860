package vehicledeck

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeBookings struct {
	mu       sync.Mutex
	sailings map[string][]Vehicle
	calls    int
}

func (f *fakeBookings) ListVehicles(ctx context.Context, sailingID, pageToken string, limit int) (VehiclePage, error) {
	if err := ctx.Err(); err != nil {
		return VehiclePage{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	all, ok := f.sailings[sailingID]
	if !ok {
		return VehiclePage{}, fmt.Errorf("unknown sailing %s", sailingID)
	}
	start := 0
	if pageToken != "" {
		n, err := strconv.Atoi(pageToken)
		if err != nil {
			return VehiclePage{}, fmt.Errorf("bad page token %q", pageToken)
		}
		start = n
	}
	end := start + limit
	if end > len(all) {
		end = len(all)
	}
	page := VehiclePage{Vehicles: append([]Vehicle(nil), all[start:end]...)}
	if end < len(all) {
		page.NextPageToken = strconv.Itoa(end)
	}
	return page, nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func car(ref string) Vehicle {
	return Vehicle{BookingRef: ref, Registration: "REG-" + ref, Class: ClassCar, LengthM: 4.5, HeightM: 1.5, WeightKg: 1500}
}

func lorry(ref string) Vehicle {
	return Vehicle{BookingRef: ref, Registration: "HGV-" + ref, Class: ClassHGV, LengthM: 16.5, HeightM: 4.0, WeightKg: 38000}
}

func testLayout() DeckLayout {
	return DeckLayout{
		Vessel: "MV Island Spirit",
		Lanes: []Lane{
			{ID: "M1", LengthM: 60, MaxHeightM: 4.6},
			{ID: "M2", LengthM: 60, MaxHeightM: 4.6},
			{ID: "H1", LengthM: 40, MaxHeightM: 4.6, Hazardous: true},
			{ID: "T1", LengthM: 45, MaxHeightM: 1.9, Mezzanine: true},
			{ID: "T2", LengthM: 45, MaxHeightM: 1.9, Mezzanine: true},
		},
		MaxPayloadKg: 200000,
	}
}

func TestPlanSailings(t *testing.T) {
	defer goleak.VerifyNone(t)

	morning := []Vehicle{lorry("B100"), car("B101"), car("B102"), lorry("B103"), car("B104"), car("B105"), car("B106")}

	evening := []Vehicle{car("B200"), car("B201"), lorry("B202"), car("B203"), car("B204")}
	bad := car("B205")
	bad.WeightKg = 0
	evening = append(evening, bad)
	for i := 206; i < 220; i++ {
		evening = append(evening, car("B"+strconv.Itoa(i)))
	}

	src := &fakeBookings{sailings: map[string][]Vehicle{
		"ISP-0715": morning,
		"ISP-1930": evening,
	}}
	p, err := NewPlanner(Config{
		Layout:          testLayout(),
		Source:          src,
		PageSize:        4,
		PayloadMarginKg: 5000,
		Logger:          testLogger{t},
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	plan, err := p.PlanSailing(ctx, "ISP-0715")
	if err != nil {
		t.Fatalf("morning sailing: %v", err)
	}
	if len(plan.Placements) != len(morning) || len(plan.Standby) != 0 {
		t.Errorf("morning sailing: %d placed, %d standby", len(plan.Placements), len(plan.Standby))
	}
	for _, pl := range plan.Placements {
		if pl.Vehicle.Class == ClassCar && pl.LaneID[0] != 'T' {
			t.Errorf("car %s placed on main deck lane %s", pl.Vehicle.BookingRef, pl.LaneID)
		}
	}

	_, err = p.PlanSailing(ctx, "ISP-1930")
	if !errors.Is(err, ErrInvalidVehicle) {
		t.Fatalf("evening sailing: got %v, want ErrInvalidVehicle", err)
	}
}
