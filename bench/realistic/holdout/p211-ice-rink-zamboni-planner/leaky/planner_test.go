package zamboni

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errBookingDown = errors.New("booking system: 503 service unavailable")

type fakeBookings struct {
	pages    map[string][][]Booking
	failPage map[string]int
}

func (f *fakeBookings) ListBookings(ctx context.Context, sheet string, day time.Time, token string) (BookingPage, error) {
	if err := ctx.Err(); err != nil {
		return BookingPage{}, err
	}
	idx := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil {
			return BookingPage{}, fmt.Errorf("bad token %q", token)
		}
		idx = n
	}
	if fp, ok := f.failPage[sheet]; ok && fp == idx {
		return BookingPage{}, errBookingDown
	}
	pages := f.pages[sheet]
	if idx >= len(pages) {
		return BookingPage{}, nil
	}
	res := BookingPage{Bookings: pages[idx]}
	if idx+1 < len(pages) {
		res.NextToken = strconv.Itoa(idx + 1)
	}
	return res, nil
}

var saturday = time.Date(2024, 1, 13, 0, 0, 0, 0, time.UTC)

func at(hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(err)
	}
	return saturday.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}

func bk(id, sheet string, kind Kind, from, to string) Booking {
	return Booking{ID: id, Sheet: sheet, Kind: kind, Start: at(from), End: at(to)}
}

func facility() *fakeBookings {
	return &fakeBookings{pages: map[string][][]Booking{
		"north": {
			{
				bk("N1", "north", LearnToSkate, "07:00", "07:45"),
				bk("N2", "north", LearnToSkate, "07:45", "08:30"),
				bk("N3", "north", FigureSkating, "08:45", "09:45"),
			},
			{
				bk("N4", "north", HockeyPractice, "10:00", "11:00"),
				bk("N5", "north", PublicSkate, "11:15", "13:00"),
				bk("N6", "north", HockeyGame, "13:15", "15:00"),
			},
		},
		"south": {
			{
				bk("S1", "south", HockeyPractice, "07:30", "08:30"),
				bk("S2", "south", HockeyPractice, "08:45", "09:45"),
			},
			{
				bk("S3", "south", Broomball, "10:00", "11:00"),
				bk("S4", "south", FigureSkating, "11:05", "12:00"),
			},
		},
	}}
}

func newTestPlanner(t *testing.T, src BookingSource) *Planner {
	t.Helper()
	p, err := NewPlanner(src, Options{
		Machines: map[string]string{"north": "olympia-1", "south": "olympia-2"},
		Logger:   log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanSaturday(t *testing.T) {
	defer goleak.VerifyNone(t)

	p := newTestPlanner(t, facility())
	plan, err := p.Plan(context.Background(), saturday)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if got := len(plan.Resurfaces()); got != 7 {
		t.Fatalf("got %d resurfaces, want 7:\n%s", got, plan.Format())
	}
	conflicts := plan.Conflicts()
	if len(conflicts) != 1 || conflicts[0].Before != "S4" {
		t.Fatalf("want one conflict before S4, got %v", conflicts)
	}
	if clashes := plan.MachineClashes(); len(clashes) != 0 {
		t.Fatalf("unexpected machine clashes: %v", clashes)
	}
}

func TestPlanFailsWhenBookingSystemIsDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := facility()
	src.failPage = map[string]int{"south": 1}
	p := newTestPlanner(t, src)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	plan, err := p.Plan(ctx, saturday)
	if !errors.Is(err, errBookingDown) {
		t.Fatalf("want booking system error, got plan=%v err=%v", plan, err)
	}
}
