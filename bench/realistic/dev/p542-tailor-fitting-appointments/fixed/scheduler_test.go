package fitting

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memCalendar struct {
	mu       sync.Mutex
	booked   map[string][]Interval
	walkIns  map[string][]Interval // taken at the counter, not yet visible in Busy
	reserved []Appointment
}

func (c *memCalendar) Busy(ctx context.Context, tailor string, day time.Time) ([]Interval, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	end := day.AddDate(0, 0, 1)
	var out []Interval
	for _, iv := range c.booked[tailor] {
		if iv.overlaps(Interval{Start: day, End: end}) {
			out = append(out, iv)
		}
	}
	return out, nil
}

func (c *memCalendar) Reserve(ctx context.Context, a Appointment) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, iv := range append(c.booked[a.Tailor], c.walkIns[a.Tailor]...) {
		if iv.overlaps(a.Interval) {
			return ErrSlotTaken
		}
	}
	c.booked[a.Tailor] = append(c.booked[a.Tailor], a.Interval)
	c.reserved = append(c.reserved, a)
	return nil
}

type smsOutbox struct {
	mu   sync.Mutex
	sent []string
}

func (o *smsOutbox) Confirm(ctx context.Context, a Appointment) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if a.Phone == "" {
		return errors.New("no phone number")
	}
	o.sent = append(o.sent, a.Phone)
	return nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

func at(day time.Time, hhmm string) time.Time {
	d, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(d.Hour())*time.Hour + time.Duration(d.Minute())*time.Minute)
}

func TestFrontDeskMorning(t *testing.T) {
	defer goleak.VerifyNone(t)

	tue := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	cal := &memCalendar{
		booked: map[string][]Interval{
			"anselm": {
				{Start: at(tue, "09:30"), End: at(tue, "11:00")},
				{Start: at(tue, "15:30"), End: at(tue, "17:00")},
			},
		},
		walkIns: map[string][]Interval{
			"anselm": {{Start: at(tue, "14:00"), End: at(tue, "14:30")}},
		},
	}
	sms := &smsOutbox{}
	var logs syncBuffer
	s, err := NewScheduler(DefaultConfig(), cal, WithNotifier(sms), WithLogger(log.New(&logs, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	cases := []struct {
		req  Request
		want time.Time
	}{
		{Request{Customer: "Okafor", Phone: "+44 7700 900101", Tailor: "anselm", Garment: Dress, Earliest: at(tue, "08:00"), Prefer: Morning}, at(tue, "11:00")},
		{Request{Customer: "Lindqvist", Phone: "+44 7700 900102", Tailor: "anselm", Garment: Suit, Earliest: at(tue, "08:00"), Prefer: Afternoon}, at(tue, "14:30")},
		{Request{Customer: "Brennan", Tailor: "anselm", Garment: Alteration, Earliest: at(tue, "12:00"), NotOn: []time.Weekday{time.Tuesday}}, at(tue.AddDate(0, 0, 1), "09:30")},
		{Request{Customer: "Haddad", Phone: "+44 7700 900104", Tailor: "anselm", Garment: Shirt, Earliest: at(tue, "11:00"), Prefer: Morning}, at(tue, "11:45")},
	}
	for _, tc := range cases {
		appt, err := s.Book(ctx, tc.req)
		if err != nil {
			t.Fatalf("book %s: %v", tc.req.Customer, err)
		}
		if !appt.Start.Equal(tc.want) {
			t.Errorf("%s booked at %s, want %s", tc.req.Customer, appt.Start.Format(dayLayout+" 15:04"), tc.want.Format(dayLayout+" 15:04"))
		}
	}

	if _, err := s.Book(ctx, Request{Customer: "Ito", Tailor: "anselm", Garment: "kimono", Earliest: tue}); err == nil {
		t.Error("booking an unknown garment succeeded")
	}
	if len(cal.reserved) != len(cases) {
		t.Errorf("calendar has %d reservations, want %d", len(cal.reserved), len(cases))
	}
	if len(sms.sent) != 3 {
		t.Errorf("sent %d confirmations, want 3", len(sms.sent))
	}
	if !strings.Contains(logs.String(), "taken meanwhile") || !strings.Contains(logs.String(), "not notified") {
		t.Errorf("missing log lines:\n%s", logs.String())
	}
}
