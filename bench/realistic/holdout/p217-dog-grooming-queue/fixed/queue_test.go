package grooming

import (
	"context"
	"errors"
	"log"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type staticRoster []Groomer

func (r staticRoster) OnShift(ctx context.Context, day time.Time) ([]Groomer, error) {
	return append([]Groomer(nil), r...), nil
}

type booking struct {
	slot Slot
	ref  string
}

type fakeCalendar struct {
	mu      sync.Mutex
	open    time.Time
	close   time.Time
	latency map[string]time.Duration
	fail    map[string]error
	booked  []booking
}

func newFakeCalendar(day time.Time) *fakeCalendar {
	return &fakeCalendar{
		open:    time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, time.UTC),
		close:   time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, time.UTC),
		latency: map[string]time.Duration{},
		fail:    map[string]error{},
	}
}

func (c *fakeCalendar) FreeSlots(ctx context.Context, groomerID string, day time.Time, length time.Duration) ([]Slot, error) {
	c.mu.Lock()
	delay, err := c.latency[groomerID], c.fail[groomerID]
	c.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	var busy []Slot
	for _, b := range c.booked {
		if b.slot.GroomerID == groomerID {
			busy = append(busy, b.slot)
		}
	}
	sort.Slice(busy, func(i, j int) bool { return busy[i].Start.Before(busy[j].Start) })
	var free []Slot
	cursor := c.open
	for _, b := range busy {
		if b.Start.Sub(cursor) >= length {
			free = append(free, Slot{GroomerID: groomerID, Start: cursor, End: b.Start})
		}
		if b.End.After(cursor) {
			cursor = b.End
		}
	}
	if c.close.Sub(cursor) >= length {
		free = append(free, Slot{GroomerID: groomerID, Start: cursor, End: c.close})
	}
	return free, nil
}

func (c *fakeCalendar) Reserve(ctx context.Context, slot Slot, ref string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range c.booked {
		if b.slot.GroomerID == slot.GroomerID && b.slot.Start.Before(slot.End) && slot.Start.Before(b.slot.End) {
			return errors.New("slot already taken")
		}
	}
	c.booked = append(c.booked, booking{slot: slot, ref: ref})
	return nil
}

func (c *fakeCalendar) Release(ctx context.Context, slot Slot, ref string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, b := range c.booked {
		if b.ref == ref {
			c.booked = append(c.booked[:i], c.booked[i+1:]...)
			return nil
		}
	}
	return errors.New("no such booking")
}

func (c *fakeCalendar) setLatency(id string, d time.Duration) {
	c.mu.Lock()
	c.latency[id] = d
	c.mu.Unlock()
}

func (c *fakeCalendar) setFailure(id string, err error) {
	c.mu.Lock()
	c.fail[id] = err
	c.mu.Unlock()
}

type recordingNotifier struct {
	mu   sync.Mutex
	sent []string
}

func (n *recordingNotifier) Confirm(ctx context.Context, a Appointment) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, a.ID)
	return nil
}

func TestBookingDayWithFlakyCalendar(t *testing.T) {
	defer goleak.VerifyNone(t)

	day := time.Date(2024, time.May, 14, 0, 0, 0, 0, time.UTC)
	all := map[Service]bool{ServiceBath: true, ServiceFullGroom: true, ServiceNailTrim: true, ServiceDeshed: true}
	roster := staticRoster{
		{ID: "maya", Name: "Maya", MaxSize: SizeGiant, Skills: all},
		{ID: "jonas", Name: "Jonas", MaxSize: SizeLarge, Skills: all},
		{ID: "pia", Name: "Pia", MaxSize: SizeMedium, Skills: map[Service]bool{ServiceBath: true, ServiceNailTrim: true}},
	}
	cal := newFakeCalendar(day)
	for _, g := range roster {
		cal.setLatency(g.ID, 15*time.Millisecond)
	}
	notes := &recordingNotifier{}
	q, err := New(roster, cal,
		WithNotifier(notes),
		WithLogger(log.New(os.Stderr, "grooming: ", 0)),
		WithLookupTimeout(time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	biscuit, err := q.Book(ctx, Request{
		Dog:      Dog{Name: "Biscuit", Breed: "Beagle", Size: SizeMedium, Owner: "R. Alvarez"},
		Services: []Service{ServiceBath, ServiceNailTrim},
		Day:      day,
	})
	if err != nil {
		t.Fatalf("book Biscuit: %v", err)
	}
	if got := biscuit.Slot.Start.Format("15:04"); got != "08:00" {
		t.Errorf("Biscuit starts at %s, want 08:00", got)
	}

	bear, err := q.Book(ctx, Request{
		Dog:       Dog{Name: "Bear", Breed: "Newfoundland", Size: SizeGiant, Owner: "K. Osei"},
		Services:  []Service{ServiceFullGroom, ServiceDeshed},
		Day:       day,
		Preferred: "maya",
	})
	if err != nil {
		t.Fatalf("book Bear: %v", err)
	}
	if bear.Slot.GroomerID != "maya" {
		t.Errorf("Bear booked with %s, only maya takes giant dogs", bear.Slot.GroomerID)
	}
	if d := bear.Slot.End.Sub(bear.Slot.Start); d != 225*time.Minute {
		t.Errorf("Bear's slot lasts %v, want 3h45m", d)
	}

	outage := errors.New("calendar sync: 503 service unavailable")
	cal.setLatency("pia", 0)
	cal.setFailure("pia", outage)
	_, err = q.Book(ctx, Request{
		Dog:      Dog{Name: "Pip", Breed: "Chihuahua", Size: SizeSmall, Owner: "L. Brandt"},
		Services: []Service{ServiceNailTrim},
		Day:      day,
	})
	if !errors.Is(err, outage) {
		t.Fatalf("book Pip during outage: got %v, want %v", err, outage)
	}

	cal.setFailure("pia", nil)
	pip, err := q.Book(ctx, Request{
		Dog:      Dog{Name: "Pip", Breed: "Chihuahua", Size: SizeSmall, Owner: "L. Brandt"},
		Services: []Service{ServiceNailTrim},
		Day:      day,
	})
	if err != nil {
		t.Fatalf("book Pip after outage: %v", err)
	}
	if err := q.Cancel(ctx, biscuit.ID); err != nil {
		t.Fatalf("cancel Biscuit: %v", err)
	}

	got := q.Appointments(day)
	if len(got) != 2 || (got[0].ID != bear.ID && got[0].ID != pip.ID) {
		t.Fatalf("appointments after cancel = %+v", got)
	}
	notes.mu.Lock()
	sent := len(notes.sent)
	notes.mu.Unlock()
	if sent != 3 {
		t.Errorf("sent %d confirmations, want 3", sent)
	}
}
